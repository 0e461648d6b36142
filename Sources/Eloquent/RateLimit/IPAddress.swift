import Glibc

/// An IPv4 or IPv6 address parsed strictly and printed in one canonical form, so that one
/// client always gives one rate-limit key.
///
/// Accepted: dotted-quad IPv4 (no leading zeros, no short forms) and IPv6 text as `inet_pton`
/// reads it. Refused: empty or over-long text, brackets, ports, zone ids (`%eth0`), spaces and
/// any other character. Canonical form: IPv4-mapped IPv6 (`::ffff:a.b.c.d`) becomes IPv4; other
/// IPv6 is printed by `inet_ntop` (lower case, longest zero run compressed, RFC 5952).
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// Longest text that can be an address (`INET6_ADDRSTRLEN` less the terminator).
    static let maximumTextLength = 45

    /// The address in network order: 4 bytes for IPv4 (including mapped), 16 for IPv6.
    public let bytes: [UInt8]
    /// The canonical text.
    public let description: String

    /// True for IPv4 and IPv4-mapped IPv6 addresses.
    public var isIPv4: Bool { bytes.count == 4 }

    /// Parses `text` strictly; `nil` when it is not exactly one address.
    public init?(_ text: some StringProtocol) {
        let utf8 = text.utf8
        // Also keeps NUL out: the C call would stop at it and accept a valid prefix.
        guard (2...Self.maximumTextLength).contains(utf8.count),
              utf8.allSatisfy(Self.isAddressByte) else { return nil }
        let text = String(text)
        if utf8.contains(UInt8(ascii: ":")) {
            guard let parsed = Self.parseIPv6(text) else { return nil }
            self = parsed
        } else {
            var address = in_addr()
            guard inet_pton(AF_INET, text, &address) == 1 else { return nil }
            self.init(ipv4: UInt32(bigEndian: address.s_addr))
        }
    }

    private init(ipv4 value: UInt32) {
        let bytes = [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) }
        self.bytes = bytes
        description = "\(bytes[0]).\(bytes[1]).\(bytes[2]).\(bytes[3])"
    }

    private init(ipv6 bytes: [UInt8], description: String) {
        self.bytes = bytes
        self.description = description
    }

    private static func parseIPv6(_ text: String) -> IPAddress? {
        var address = in6_addr()
        guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
        let b = address.__in6_u.__u6_addr8
        let bytes = [b.0, b.1, b.2, b.3, b.4, b.5, b.6, b.7,
                     b.8, b.9, b.10, b.11, b.12, b.13, b.14, b.15]
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
            let v4 = bytes[12...].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            return IPAddress(ipv4: v4)
        }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        // inet_ntop fails only for a short buffer or an unknown family; either way: no address.
        guard inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count)) != nil else {
            return nil
        }
        let textBytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return IPAddress(ipv6: bytes, description: String(decoding: textBytes, as: UTF8.self))
    }

    private static func isAddressByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
             UInt8(ascii: "A")...UInt8(ascii: "F"), UInt8(ascii: ":"), UInt8(ascii: "."):
            return true
        default:
            return false
        }
    }
}
