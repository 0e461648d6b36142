/// The `host[:port]` part of a URL, validated: a DNS name (letters, digits, `-`, `_`), a
/// dotted IPv4 address or a bracketed IPv6 address; an optional port 1…65535. No user info.
package struct URLAuthority: Hashable, Sendable {
    /// Lowercased host; IPv6 hosts keep their brackets (`[::1]`).
    let host: String
    /// The explicit port, if one was written.
    let port: Int?

    /// Parses `authority`; `nil` when empty, malformed or carrying user info.
    init?(_ authority: Substring) {
        guard !authority.isEmpty, authority.utf8.count <= 300 else { return nil }
        var hostPart = authority
        var portPart: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            let inner = authority[authority.index(after: authority.startIndex)..<close]
            guard case .v6? = IPAddress(inner) else { return nil }
            hostPart = authority[...close]
            let rest = authority[authority.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { return nil }
                portPart = rest.dropFirst()
            }
        } else if let colon = authority.firstIndex(of: ":") {
            hostPart = authority[..<colon]
            portPart = authority[authority.index(after: colon)...]
        }
        guard hostPart.hasPrefix("[") || Self.isValidHostName(hostPart) else { return nil }
        if let portPart {
            guard let port = Self.parsePort(portPart) else { return nil }
            self.port = port
        } else {
            self.port = nil
        }
        host = hostPart.lowercased()
    }

    /// A DNS name of labels `[A-Za-z0-9_-]{1,63}` (no leading or trailing `-`), or, when it
    /// has only digits and dots, a valid IPv4 address.
    package static func isValidHostName(_ host: Substring) -> Bool {
        guard !host.isEmpty, host.utf8.count <= 253 else { return false }
        if host.utf8.allSatisfy({ $0 == UInt8(ascii: ".") || ($0 >= 48 && $0 <= 57) }) {
            return IPAddress(host) != nil
        }
        return host.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.utf8.allSatisfy { byte in
                    switch byte {
                    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                         UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"): true
                    default: false
                    }
                }
        }
    }

    private static func parsePort(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 5,
              text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let port = Int(text), (1...65535).contains(port) else { return nil }
        return port
    }
}
