extension AudioFormat {
    /// The container `bytes` hold, judged by their leading bytes; nil for anything else,
    /// including empty or truncated headers.
    ///
    /// - WAV: `RIFF` size `WAVE`.
    /// - MP3: an ID3v2 tag followed by an MPEG frame (a tag that fills the bytes is no audio), or a valid
    ///   MPEG audio frame header at offset 0, confirmed by the next frame when it is present.
    /// - FLAC: `fLaC`, also after an ID3v2 tag. Ogg: `OggS` version 0.
    /// - WebM / Matroska: the EBML header's DocType. M4A / MP4: the `ftyp` brands.
    public static func detect(_ bytes: [UInt8]) -> AudioFormat? {
        let reader = ByteReader(bytes)
        if reader.matches("RIFF", at: 0), reader.matches("WAVE", at: 8) { return .wav }
        if reader.matches("fLaC", at: 0) { return .flac }
        if reader.matches("OggS", at: 0), reader.uint8(at: 4) == 0 { return .ogg }
        if reader.matches(bytes: [0x1A, 0x45, 0xDF, 0xA3], at: 0) {
            return switch EBMLHeader.docType(in: reader) {
            case "webm": .webm
            case "matroska": .matroska
            default: nil
            }
        }
        if let format = ISOBaseMediaBrand.format(of: reader) { return format }
        if let tagLength = ID3Tag.length(in: reader) {
            if tagLength >= reader.count { return nil }
            if reader.matches("fLaC", at: tagLength) { return .flac }
            return MP3FrameScanner.firstFrame(in: reader, from: tagLength) != nil ? .mp3 : nil
        }
        return MP3FrameScanner.confirmedFrame(in: reader, at: 0) != nil ? .mp3 : nil
    }
}
