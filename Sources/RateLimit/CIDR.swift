public import Basics
/// An IPv4 or IPv6 network such as `10.0.0.0/8` or `fd00::/8`; a bare address is a single
/// host (`/32` or `/128`).
///
/// Host bits in the written form are cleared (`127.0.0.1/8` is `127.0.0.0/8`). Matching is
/// family-aware: an IPv4-mapped IPv6 address (`::ffff:1.2.3.4`) matches an IPv4 network, and
/// an IPv4 address matches an IPv6 network as its mapped form.
public struct CIDR: Hashable, Sendable, CustomStringConvertible {
    /// The network address (host bits cleared).
    public let network: IPAddress
    /// The prefix length: 0…32 for IPv4, 0…128 for IPv6.
    public let prefixLength: Int

    /// Parses `address/prefix` or a bare address; `nil` when malformed or the prefix is out of range.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(parts[0]) else { return nil }
        let maximum = if case .v4 = address { 32 } else { 128 }
        var length = maximum
        if parts.count == 2 {
            let digits = parts[1]
            guard !digits.isEmpty, digits.count <= 3,
                  digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                  let value = Int(digits), value <= maximum else { return nil }
            length = value
        }
        prefixLength = length
        switch address {
        case .v4(let value):
            network = .v4(value & Self.mask32(length))
        case .v6(let high, let low):
            let (maskHigh, maskLow) = Self.mask128(length)
            network = .v6(high: high & maskHigh, low: low & maskLow)
        }
    }

    /// Whether the textual address `address` (IPv4 or IPv6, an optional `%zone` is ignored)
    /// lies in this network; `false` for anything that is not an address.
    public func contains(_ address: String) -> Bool {
        let withoutZone = address.split(separator: "%", maxSplits: 1, omittingEmptySubsequences: false)[0]
        guard let parsed = IPAddress(withoutZone) else { return false }
        return contains(parsed)
    }

    /// Whether `address` lies in this network.
    public func contains(_ address: IPAddress) -> Bool {
        switch network {
        case .v4(let base):
            guard let value = address.ipv4 else { return false }
            return value & Self.mask32(prefixLength) == base
        case .v6(let baseHigh, let baseLow):
            let (high, low) = address.ipv6Halves
            let (maskHigh, maskLow) = Self.mask128(prefixLength)
            return high & maskHigh == baseHigh && low & maskLow == baseLow
        }
    }

    /// `network/prefixLength` in canonical form.
    public var description: String { "\(network)/\(prefixLength)" }

    private static func mask32(_ length: Int) -> UInt32 {
        length == 0 ? 0 : UInt32.max << UInt32(32 - length)
    }

    private static func mask128(_ length: Int) -> (UInt64, UInt64) {
        func mask64(_ bits: Int) -> UInt64 { bits <= 0 ? 0 : bits >= 64 ? .max : UInt64.max << UInt64(64 - bits) }
        return (mask64(length), mask64(length - 64))
    }
}
