/// Bounds-checked reads of fixed-width integers and ASCII tags from untrusted bytes: every
/// read past either end returns nil instead of trapping.
struct ByteReader {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var count: Int { bytes.count }

    /// Whether `length` bytes exist at `offset`.
    func has(_ length: Int, at offset: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= bytes.count && length <= bytes.count - offset
    }

    func uint8(at offset: Int) -> UInt8? {
        has(1, at: offset) ? bytes[offset] : nil
    }

    func uint16LE(at offset: Int) -> UInt16? {
        unsigned(at: offset, width: 2, bigEndian: false).map { UInt16($0) }
    }

    func uint32LE(at offset: Int) -> UInt32? {
        unsigned(at: offset, width: 4, bigEndian: false).map { UInt32($0) }
    }

    func uint32BE(at offset: Int) -> UInt32? {
        unsigned(at: offset, width: 4, bigEndian: true).map { UInt32($0) }
    }

    func uint64LE(at offset: Int) -> UInt64? {
        unsigned(at: offset, width: 8, bigEndian: false)
    }

    /// Whether the ASCII `tag` is at `offset`.
    func matches(_ tag: String, at offset: Int) -> Bool {
        matches(bytes: Array(tag.utf8), at: offset)
    }

    /// Whether `expected` is at `offset`.
    func matches(bytes expected: [UInt8], at offset: Int) -> Bool {
        has(expected.count, at: offset) && bytes[offset..<(offset + expected.count)].elementsEqual(expected)
    }

    /// The bytes at `offset` as ASCII text, or nil when out of range.
    func ascii(at offset: Int, length: Int) -> String? {
        has(length, at: offset) ? String(decoding: bytes[offset..<(offset + length)], as: UTF8.self) : nil
    }

    private func unsigned(at offset: Int, width: Int, bigEndian: Bool) -> UInt64? {
        guard has(width, at: offset) else { return nil }
        var value: UInt64 = 0
        for index in 0..<width {
            let byte = UInt64(bytes[bigEndian ? offset + index : offset + width - 1 - index])
            value = value << 8 | byte
        }
        return value
    }
}
