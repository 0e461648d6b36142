/// An IPv4 or IPv6 address parsed from its textual form.
///
/// IPv4 is strict dotted decimal (four parts, 0…255, no leading zeros). IPv6 follows RFC 4291
/// (`::` compression, an embedded dotted IPv4 tail); zone suffixes (`%eth0`) and brackets are
/// not part of an address and are refused.
public enum IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// An IPv4 address in host byte order.
    case v4(UInt32)
    /// An IPv6 address as two 64-bit halves in host byte order (`high` holds the first 8 bytes).
    case v6(high: UInt64, low: UInt64)

    /// Parses `text`; `nil` when it is not a valid IPv4 or IPv6 address.
    public init?(_ text: some StringProtocol) {
        self.init(utf8: text.utf8)
    }

    /// The value of `text` when it is an IPv4 address in dotted decimal (which, parsed strictly, is its canonical
    /// text), without allocating: the common case of a client address, checked on every request.
    public static func dottedIPv4(_ text: String) -> UInt32? {
        guard text.utf8.count <= 15 else { return nil }
        if let parsed = text.utf8.withContiguousStorageIfAvailable({ parseIPv4($0) }) { return parsed }
        return parseIPv4(text.utf8)
    }

    private init?(utf8: some Collection<UInt8>) {
        let bytes = Array(utf8)
        guard !bytes.isEmpty, bytes.count <= 64 else { return nil }
        if bytes.contains(UInt8(ascii: ":")) {
            guard let (high, low) = Self.parseIPv6(bytes[...]) else { return nil }
            self = .v6(high: high, low: low)
        } else {
            guard let value = Self.parseIPv4(bytes[...]) else { return nil }
            self = .v4(value)
        }
    }

    /// The IPv4 address this address denotes: itself for IPv4, the embedded address for an
    /// IPv4-mapped IPv6 address (`::ffff:a.b.c.d`), else `nil`.
    public var ipv4: UInt32? {
        switch self {
        case .v4(let value):
            value
        case .v6(let high, let low):
            high == 0 && low >> 32 == 0xFFFF ? UInt32(truncatingIfNeeded: low) : nil
        }
    }

    /// The address as 128 bits, IPv4 addresses mapped to `::ffff:a.b.c.d`.
    package var ipv6Halves: (high: UInt64, low: UInt64) {
        switch self {
        case .v4(let value): (0, 0xFFFF_0000_0000 | UInt64(value))
        case .v6(let high, let low): (high, low)
        }
    }

    /// Canonical text: dotted decimal, or RFC 5952 IPv6 (lowercase, longest zero run as `::`).
    public var description: String {
        switch self {
        case .v4(let value):
            return Self.dotted(value)
        case .v6(let high, let low):
            if let mapped = ipv4 { return "::ffff:" + Self.dotted(mapped) }
            return Self.formatIPv6(high: high, low: low)
        }
    }

    private static func dotted(_ value: UInt32) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(15)
        for shift in [UInt32(24), 16, 8, 0] {
            let octet = UInt8(truncatingIfNeeded: value >> shift)
            if shift != 24 { bytes.append(UInt8(ascii: ".")) }
            if octet >= 100 { bytes.append(UInt8(ascii: "0") + octet / 100) }
            if octet >= 10 { bytes.append(UInt8(ascii: "0") + octet / 10 % 10) }
            bytes.append(UInt8(ascii: "0") + octet % 10)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func formatIPv6(high: UInt64, low: UInt64) -> String {
        let groups = (0..<8).map { index -> UInt16 in
            let half = index < 4 ? high : low
            return UInt16(truncatingIfNeeded: half >> UInt64(48 - 16 * (index % 4)))
        }
        var bestStart = -1, bestLength = 1, runStart = -1
        for index in 0...8 {
            if index < 8, groups[index] == 0 {
                if runStart < 0 { runStart = index }
            } else if runStart >= 0 {
                if index - runStart > bestLength { bestStart = runStart; bestLength = index - runStart }
                runStart = -1
            }
        }
        let hex = groups.map { String($0, radix: 16) }
        guard bestStart >= 0 else { return hex.joined(separator: ":") }
        let head = hex[..<bestStart].joined(separator: ":")
        let tail = hex[(bestStart + bestLength)...].joined(separator: ":")
        return head + "::" + tail
    }
}
