/// ID3v2 tags that may precede MP3 (and sometimes FLAC) data.
enum ID3Tag {
    /// The total length of the ID3v2 tag at the start of the bytes (header, body and
    /// footer), or nil when there is no well-formed tag header there.
    static func length(in reader: ByteReader) -> Int? {
        guard reader.matches("ID3", at: 0), let major = reader.uint8(at: 3), (2...4).contains(major),
              let revision = reader.uint8(at: 4), revision != 0xFF, let flags = reader.uint8(at: 5) else {
            return nil
        }
        var size = 0
        for offset in 6..<10 {
            guard let byte = reader.uint8(at: offset), byte < 0x80 else { return nil }
            size = size << 7 | Int(byte)
        }
        let hasFooter = major == 4 && flags & 0x10 != 0
        return 10 + size + (hasFooter ? 10 : 0)
    }
}
