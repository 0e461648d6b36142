extension AudioFormat {
    /// Why `bytes`, already recognised as this format, hold no audio a decoder could play (a WAV file without a
    /// `fmt ` or `data` chunk or with no sample frames, a FLAC file without frames, an Ogg stream without audio
    /// packets); nil when they hold some, or when this format's contents are not examined here.
    ///
    /// Such a file is bad input (400): it is never sent to a provider and never charged.
    public func missingAudio(in bytes: [UInt8]) -> String? {
        missingAudio(in: bytes, measurement: AudioDuration.measure(bytes, format: self))
    }

    /// As ``missingAudio(in:)`` with the bytes' measurement already made (``AudioDuration/measure(_:format:)``).
    public func missingAudio(in bytes: [UInt8], measurement: AudioMeasurement?) -> String? {
        switch self {
        case .wav:
            switch WAVLayout.read(ByteReader(bytes)) {
            case .failure(let error):
                return error.problem.message
            case .success(let layout):
                return layout.seconds > 0 ? nil : "a WAV file with no sample frames in its 'data' chunk"
            }
        case .flac:
            guard let measurement, measurement.audioBytes > 0, measurement.seconds > 0 else {
                return "a FLAC file with no audio frames"
            }
            return nil
        case .ogg:
            guard let measurement, measurement.audioBytes > 0 else {
                return "an Ogg file with no Opus or Vorbis audio packets"
            }
            return nil
        case .mp3:
            guard let measurement, measurement.seconds > 0 else {
                return "an MP3 file with no audio frames"
            }
            return nil
        case .webm, .matroska, .m4a, .mp4:
            return nil
        }
    }
}
