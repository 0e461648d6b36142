import FoundationEssentials

/// Small JSON helpers: string quoting for hand-built hot-path bodies, and a shared encoder.
public enum JSON {
    /// `text` as a JSON string literal (`JSONStringEscaper`, HTML-safe: `<`, `>`, `&` escaped too).
    public static func quote(_ text: String) -> String {
        JSONStringEscaper.quoted(text, htmlSafe: true)
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
