import Basics
/// Decoding of RFC 8187 (formerly RFC 5987) extended parameter values such as
/// `filename*=UTF-8''%E2%82%AC%20rates.wav`: `charset "'" [language] "'" pct-encoded`.
/// UTF-8 and ISO-8859-1 are understood; anything else is refused.
enum ExtendedParameterValue {
    /// The decoded text, or nil when the value is malformed, the charset unknown or the
    /// bytes not valid in that charset.
    static func decode(_ value: String) -> String? {
        let pieces = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard pieces.count == 3 else { return nil }
        guard let bytes = percentDecoded(pieces[2]) else { return nil }
        switch pieces[0].lowercased() {
        case "utf-8":
            return String(validating: bytes, as: UTF8.self)
        case "iso-8859-1":
            return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        default:
            return nil
        }
    }

    /// `%XX` sequences decoded; other bytes must be RFC 8187 `attr-char`.
    private static func percentDecoded(_ text: Substring) -> [UInt8]? {
        let input = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < input.count, let high = PercentDecoding.hexValue(input[index + 1]),
                      let low = PercentDecoding.hexValue(input[index + 2]) else { return nil }
                output.append(high << 4 | low)
                index += 3
            } else {
                guard isAttributeChar(byte) else { return nil }
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    /// RFC 8187 `attr-char`: ALPHA / DIGIT / "!#$&+-.^_`|~".
    private static func isAttributeChar(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$&+-.^_`|~".utf8.contains(byte)
        }
    }
}
