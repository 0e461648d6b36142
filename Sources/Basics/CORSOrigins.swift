/// The origins allowed to make cross-origin requests: every origin (`*`, which must never be
/// combined with credentials), or a list of exact origins.
public enum CORSOrigins: Hashable, Sendable {
    /// `*`: any origin, without credentials.
    case any
    /// Exactly these origins, each normalized to `scheme://host[:port]` (lowercase, default
    /// port omitted) as browsers send them in `Origin`.
    case list([String])

    /// Whether a request's `Origin` header value is allowed.
    public func allows(_ origin: String) -> Bool {
        switch self {
        case .any: true
        case .list(let origins): Self.normalize(origin).map(origins.contains) ?? false
        }
    }

    /// Normalizes one origin (`scheme://host[:port]`, an optional single trailing `/`), or
    /// `nil` when it is not one. The scheme is any RFC 3986 scheme (`https`, `app`, `tauri`…).
    public static func normalize(_ text: some StringProtocol) -> String? {
        var text = Substring(text)
        if text.hasSuffix("/") { text = text.dropLast() }
        guard text.utf8.count <= 300, let separator = text.firstRange(of: "://") else { return nil }
        let scheme = text[..<separator.lowerBound].lowercased()
        guard let first = scheme.utf8.first, (97...122).contains(first),
              scheme.utf8.allSatisfy({ (97...122).contains($0) || (48...57).contains($0) || "+-.".utf8.contains($0) }),
              let authority = URLAuthority(text[separator.upperBound...]) else { return nil }
        let defaultPort = scheme == "https" ? 443 : scheme == "http" ? 80 : nil
        guard let port = authority.port, port != defaultPort else { return "\(scheme)://\(authority.host)" }
        return "\(scheme)://\(authority.host):\(port)"
    }
}
