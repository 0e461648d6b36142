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

/// The `ftyp` box that opens MP4-family files (ISO/IEC 14496-12): a major brand and a list
/// of compatible brands, which tell M4A audio from other MP4 files.
enum ISOBaseMediaBrand {
    private static let audioBrands: Set<String> = ["M4A ", "M4B ", "M4P ", "F4A ", "F4B "]
    private static let videoBrands: Set<String> = [
        "isom", "iso2", "iso3", "iso4", "iso5", "iso6", "iso7", "iso8", "iso9", "mp41", "mp42", "mp71",
        "avc1", "dash", "MSNV", "M4V ", "F4V ", "NDAS", "mmp4", "3gp4", "3gp5", "3gp6", "3g2a",
    ]
    /// Most `ftyp` bytes examined.
    private static let maxBoxLength = 1024

    /// `.m4a` or `.mp4` when the bytes start with an `ftyp` box naming a known brand.
    static func format(of reader: ByteReader) -> AudioFormat? {
        guard reader.matches("ftyp", at: 4), let declared = reader.uint32BE(at: 0), declared >= 16,
              let major = reader.ascii(at: 8, length: 4) else { return nil }
        var brands = [major]
        let end = min(reader.count, Int(min(declared, UInt32(maxBoxLength))))
        var offset = 16
        while offset + 4 <= end, let brand = reader.ascii(at: offset, length: 4) {
            brands.append(brand)
            offset += 4
        }
        for brand in brands {
            if audioBrands.contains(brand) { return .m4a }
            if videoBrands.contains(brand) { return .mp4 }
        }
        return nil
    }
}

/// The EBML header that opens Matroska and WebM files: element `1A45DFA3` whose child
/// `4282` (DocType) names the flavour.
enum EBMLHeader {
    /// Most header bytes examined.
    static let maxHeaderLength = 4096

    /// The DocType (`webm`, `matroska`, …), or nil when the bytes do not start with a
    /// readable EBML header that has one.
    static func docType(in reader: ByteReader) -> String? {
        guard reader.matches(bytes: [0x1A, 0x45, 0xDF, 0xA3], at: 0),
              let (size, sizeLength) = variableInteger(in: reader, at: 4) else { return nil }
        var offset = 4 + sizeLength
        let end = min(reader.count, offset + min(size ?? Int.max, maxHeaderLength))
        while offset < end {
            guard let idLength = elementIDLength(reader.uint8(at: offset)),
                  let (childSize, childSizeLength) = variableInteger(in: reader, at: offset + idLength),
                  let childSize else { return nil }
            let dataStart = offset + idLength + childSizeLength
            if idLength == 2, reader.uint8(at: offset) == 0x42, reader.uint8(at: offset + 1) == 0x82 {
                guard childSize <= 64, let text = reader.ascii(at: dataStart, length: childSize) else { return nil }
                return String(text.prefix { $0 != "\0" })
            }
            guard childSize <= end - dataStart else { return nil }
            offset = dataStart + childSize
        }
        return nil
    }

    /// Length of an element ID from its first byte (1–4), or nil.
    private static func elementIDLength(_ first: UInt8?) -> Int? {
        guard let first, first != 0 else { return nil }
        let length = first.leadingZeroBitCount + 1
        return length <= 4 ? length : nil
    }

    /// A size VINT at `offset`: its value (nil for "unknown size", all value bits set) and
    /// its length in bytes (1–8); nil when malformed or out of range.
    private static func variableInteger(in reader: ByteReader, at offset: Int) -> (Int?, Int)? {
        guard let first = reader.uint8(at: offset), first != 0 else { return nil }
        let length = first.leadingZeroBitCount + 1
        guard reader.has(length, at: offset) else { return nil }
        var value = UInt64(first & (0xFF >> length))
        var allOnes = value == UInt64(0xFF >> length)
        for index in 1..<length {
            guard let byte = reader.uint8(at: offset + index) else { return nil }
            value = value << 8 | UInt64(byte)
            allOnes = allOnes && byte == 0xFF
        }
        if allOnes { return (nil, length) }
        return value <= UInt64(Int32.max) ? (Int(value), length) : nil
    }
}
