import FoundationEssentials

/// Small JSON helpers: string quoting for hand-built hot-path bodies, and a shared encoder.
public enum JSON {
    /// `text` as a JSON string literal, escaping quotes, backslashes, control characters and `<`, `>`, `&`
    /// (so JSON embedded in HTML stays inert).
    public static func quote(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Encodes `value` (sorted keys, so output is stable). Encoding a well-formed model cannot fail; if it does, the
    /// result is a JSON error object rather than a crash.
    public static func encode<T: Encodable>(_ value: T) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(value))
        } catch {
            return Array("{\"error\":\"response encoding failed\"}".utf8)
        }
    }

    /// Decodes a request body; the error names what was wrong in terms a client can act on.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try JSONDecoder().decode(type, from: Data(bytes))
    }
}
