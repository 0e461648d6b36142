/// A header value of the form `type[/subtype] *( OWS ";" OWS name "=" value )`, as in Content-Type
/// (RFC 9110 §5.6.6) and Content-Disposition (RFC 6266). Values may be tokens or quoted
/// strings with backslash escapes; they must be UTF-8. Names are compared case-insensitively
/// and may not repeat.
struct HeaderParameters: Sendable {
    /// The type, lowercased (`multipart/form-data`, `form-data`).
    let type: String
    /// Parameters in order, names lowercased, values unquoted.
    let parameters: [(name: String, value: String)]

    /// The value of the parameter `name` (lowercase), if present.
    func value(of name: String) -> String? {
        parameters.first { $0.name == name }?.value
    }

    /// Parses `bytes`; on failure throws `failure(reason)`.
    static func parse(
        _ bytes: ArraySlice<UInt8>, failure: (String) -> MultipartError
    ) throws(MultipartError) -> HeaderParameters {
        var scanner = ByteScanner(bytes)
        scanner.skipWhitespace()
        var type = scanner.token()
        if scanner.peek() == UInt8(ascii: "/") {
            scanner.advance()
            let subtype = scanner.token()
            guard !subtype.isEmpty else { throw failure("missing subtype") }
            type += "/" + subtype
        }
        guard !type.isEmpty else { throw failure("missing type") }
        var parameters: [(name: String, value: String)] = []
        while true {
            scanner.skipWhitespace()
            guard let byte = scanner.peek() else { break }
            guard byte == UInt8(ascii: ";") else { throw failure("expected ';' between parameters") }
            scanner.advance()
            scanner.skipWhitespace()
            guard let next = scanner.peek() else { break }
            if next == UInt8(ascii: ";") { continue }
            let name = scanner.token().lowercased()
            guard !name.isEmpty else { throw failure("malformed parameter name") }
            scanner.skipWhitespace()
            guard scanner.peek() == UInt8(ascii: "=") else { throw failure("parameter \(name) has no value") }
            scanner.advance()
            scanner.skipWhitespace()
            let raw: [UInt8]
            if scanner.peek() == UInt8(ascii: "\"") {
                guard let quoted = scanner.quotedString() else {
                    throw failure("parameter \(name) has a malformed quoted value")
                }
                raw = quoted
            } else {
                raw = scanner.bareValue()
                guard !raw.isEmpty else { throw failure("parameter \(name) has an empty or malformed value") }
            }
            guard let value = String(validating: raw, as: UTF8.self) else {
                throw failure("parameter \(name) is not UTF-8")
            }
            guard !parameters.contains(where: { $0.name == name }) else {
                throw failure("parameter \(name) appears twice")
            }
            parameters.append((name, value))
        }
        return HeaderParameters(type: type.lowercased(), parameters: parameters)
    }
}
