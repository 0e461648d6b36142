/// Decodes one UTF-8 sequence with the same rules as the Unicode standard's "maximal
/// subpart" replacement (which is what Swift's `String(decoding:as:)` does).
enum UTF8Decoding {
    /// The sequence starting at `index`: how many bytes it spans and its code point, or the
    /// length of the maximal invalid subpart (at least 1) and `nil`.
    static func decode<C: Collection<UInt8>>(_ bytes: C, at index: C.Index) -> (length: Int, scalar: UInt32?) {
        let lead = bytes[index]
        let needed: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0x00...0x7F: return (1, UInt32(lead))
        case 0xC2...0xDF: needed = 1
        case 0xE0: needed = 2; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: needed = 2
        case 0xED: needed = 2; secondRange = 0x80...0x9F
        case 0xF0: needed = 3; secondRange = 0x90...0xBF
        case 0xF1...0xF3: needed = 3
        case 0xF4: needed = 3; secondRange = 0x80...0x8F
        default: return (1, nil)
        }
        var scalar = UInt32(lead) & (0x7F >> UInt32(needed + 1))
        var position = bytes.index(after: index)
        for offset in 0..<needed {
            let allowed = offset == 0 ? secondRange : 0x80...0xBF
            guard position != bytes.endIndex, allowed.contains(bytes[position]) else {
                return (1 + offset, nil)
            }
            scalar = scalar << 6 | UInt32(bytes[position] & 0x3F)
            position = bytes.index(after: position)
        }
        return (1 + needed, scalar)
    }
}
