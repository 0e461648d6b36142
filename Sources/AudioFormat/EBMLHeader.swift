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
