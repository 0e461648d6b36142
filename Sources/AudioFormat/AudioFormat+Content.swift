extension AudioFormat {
    /// Why `bytes`, already recognised as this format, hold no audio a decoder could play (a WAV file without a
    /// `fmt ` or `data` chunk or with no sample frames, a FLAC file without frames, an Ogg stream without audio
    /// packets); nil when they hold some, or when this format's contents are not examined here.
    ///
    /// Such a file is bad input (400): it is never sent to a provider and never charged.
    public func missingAudio(in bytes: [UInt8]) -> String? {
        let reader = ByteReader(bytes)
        switch self {
        case .wav:
            switch WAVLayout.read(reader) {
            case .failure(let error):
                return error.problem.message
            case .success(let layout):
                return layout.seconds > 0 ? nil : "a WAV file with no sample frames in its 'data' chunk"
            }
        case .flac:
            guard let measured = FLACDuration.measure(in: reader), measured.audioBytes > 0, measured.seconds > 0 else {
                return "a FLAC file with no audio frames"
            }
            return nil
        case .ogg:
            guard let measured = OggDuration.measure(in: reader), measured.audioBytes > 0 else {
                return "an Ogg file with no Opus or Vorbis audio packets"
            }
            return nil
        case .mp3:
            guard let measured = MP3Duration.measure(in: reader), measured.seconds > 0 else {
                return "an MP3 file with no audio frames"
            }
            return nil
        case .webm, .matroska, .m4a, .mp4:
            return nil
        }
    }
}
