extension UpstreamRequest {
    /// Why the request cannot be sent as it is, or nil. Refuses what could smuggle a second request or confuse
    /// framing: control characters in the method, URL or headers, and caller-supplied framing headers.
    var invalidity: String? {
        if method.isEmpty || !method.utf8.allSatisfy(Self.isTokenByte) { return "bad method" }
        let lowerURL = url.lowercased()
        guard lowerURL.hasPrefix("http://") || lowerURL.hasPrefix("https://") else { return "URL must be http(s)" }
        if url.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) { return "URL contains spaces or control bytes" }
        if host.isEmpty { return "URL has no host" }
        for (name, value) in headers {
            if name.isEmpty || !name.utf8.allSatisfy(Self.isTokenByte) { return "bad header name" }
            if value.utf8.contains(where: { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F }) {
                return "header \(name) has control bytes"
            }
            let lower = name.lowercased()
            if lower == "content-length" || lower == "transfer-encoding" {
                return "header \(name) is set by the pool"
            }
        }
        return nil
    }

    /// RFC 9110 token characters.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
