/// Checks the characters of a Host field value or an authority (RFC 3986 §3.2.2 and §3.2.3):
/// reg-name / IPv4 / IP-literal characters and an optional ":" port, nothing else.
enum HostValidator {
    static func isValidHost(_ bytes: Span<UInt8>, _ range: Range<Int>) -> Bool {
        for index in range where !isHostByte(bytes[index]) {
            return false
        }
        return true
    }

    /// unreserved, pct-encoded ('%'), sub-delims, ':' and the IP-literal brackets.
    private static func isHostByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "%"),
             UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("),
             UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"),
             UInt8(ascii: "="), UInt8(ascii: ":"), UInt8(ascii: "["), UInt8(ascii: "]"):
            return true
        default:
            return false
        }
    }
}
