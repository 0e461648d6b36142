/// A validated `http(s)://host[:port][/path]` URL: no user info, query or fragment, no
/// spaces or control characters; the path is kept without trailing slashes so that
/// `baseURL.path + "/audio/transcriptions"` is always well-formed.
public struct HTTPURL: Hashable, Sendable, CustomStringConvertible {
    /// `http` or `https`, lowercased.
    public let scheme: String
    /// Lowercased host; IPv6 hosts keep their brackets (`[::1]`).
    public let host: String
    /// The port: as written, else 80 for http and 443 for https.
    public let port: Int
    /// The path without trailing `/`: empty, or starting with `/` (e.g. `/openai/v1`).
    public let path: String

    /// Whether the scheme is `https`.
    public var isTLS: Bool { scheme == "https" }

    /// `scheme://host[:port]`, the port omitted when it is the scheme's default; this is how
    /// browsers serialize the URL's origin.
    public var origin: String {
        let defaultPort = isTLS ? 443 : 80
        return port == defaultPort ? "\(scheme)://\(host)" : "\(scheme)://\(host):\(port)"
    }

    /// The normalized URL: `origin` followed by `path`.
    public var description: String { origin + path }

    /// Parses `text`; `nil` unless it is a well-formed http or https URL as described above.
    public init?(_ text: some StringProtocol) {
        let text = Substring(text)
        guard text.utf8.count <= 2048,
              text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\") }),
              let separator = text.firstRange(of: "://") else { return nil }
        let scheme = text[..<separator.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        let rest = text[separator.upperBound...]
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        guard let authority = URLAuthority(rest[..<slash]) else { return nil }
        var path = rest[slash...]
        guard Self.isValidPath(path) else { return nil }
        while path.hasSuffix("/") { path = path.dropLast() }
        self.scheme = scheme
        self.host = authority.host
        self.port = authority.port ?? (scheme == "https" ? 443 : 80)
        self.path = String(path)
    }

    /// RFC 3986 path characters: unreserved, sub-delims, `:`, `@`, `/` and `%XX` escapes.
    private static func isValidPath(_ path: Substring) -> Bool {
        let bytes = Array(path.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, bytes[index + 1].isHexDigit, bytes[index + 2].isHexDigit else {
                    return false
                }
                index += 3
                continue
            }
            guard byte.isAlphanumericASCII || "-._~!$&'()*+,;=:@/".utf8.contains(byte) else { return false }
            index += 1
        }
        return true
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (48...57).contains(self) || (65...70).contains(self) || (97...102).contains(self)
    }

    fileprivate var isAlphanumericASCII: Bool {
        (48...57).contains(self) || (65...90).contains(self) || (97...122).contains(self)
    }
}

extension HTTPURL {
    /// The URL as a base to append paths to (`https://x.supabase.co/` → `https://x.supabase.co`).
    package var base: String {
        var text = Substring(description)
        while text.hasSuffix("/") { text = text.dropLast() }
        return String(text)
    }
}
