/// How long a piece of audio plays, read from its headers without decoding it: used for
/// metering when the provider reports no duration.
public enum AudioDuration {
    /// Seconds of audio in `bytes` of the given format, or nil when the headers do not say.
    ///
    /// - WAV: exact, the data chunk's length (cut to the bytes present) over the byte rate.
    /// - FLAC: exact, STREAMINFO's total samples over its sample rate.
    /// - MP3: the Xing/Info or VBRI frame count when present, else the first frame's
    ///   bitrate applied to the rest of the bytes (exact for constant bitrate).
    /// - Ogg (Opus, Vorbis): the last page's granule position over the sample rate.
    /// - Others: nil.
    public static func estimate(_ bytes: [UInt8], format: AudioFormat) -> Double? {
        let reader = ByteReader(bytes)
        let seconds: Double? = switch format {
        case .wav: WAVDuration.seconds(in: reader)
        case .flac: FLACDuration.seconds(in: reader)
        case .mp3: MP3Duration.seconds(in: reader)
        case .ogg: OggDuration.seconds(in: reader)
        case .webm, .matroska, .m4a, .mp4: nil
        }
        guard let seconds, seconds.isFinite, seconds >= 0 else { return nil }
        return seconds
    }
}
