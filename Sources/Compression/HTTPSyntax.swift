import Basics
/// Byte classes and comparisons from HTTP's grammar (RFC 9110 §5.6).
enum HTTPSyntax {
    /// `tchar`: the bytes a token may contain.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
             UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// Optional whitespace: space or horizontal tab.
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    /// True when `bytes[range]` equals `lowercase` (given in lower case), ignoring ASCII case.
    static func equalsIgnoringCase(_ bytes: Span<UInt8>, _ range: Range<Int>, _ lowercase: [UInt8]) -> Bool {
        guard range.count == lowercase.count else { return false }
        for (offset, expected) in lowercase.enumerated() {
            let byte = bytes[range.lowerBound + offset]
            let folded = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
            guard folded == expected else { return false }
        }
        return true
    }


    /// The first index at or after `index` (below `end`) that is not optional whitespace.
    static func skippingWhitespace(_ bytes: Span<UInt8>, from index: Int, to end: Int) -> Int {
        var index = index
        while index < end && isWhitespace(bytes[index]) { index += 1 }
        return index
    }
}
