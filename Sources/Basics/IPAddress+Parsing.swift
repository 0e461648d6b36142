extension IPAddress {
    /// Strict dotted-decimal IPv4: exactly four parts of 1…3 digits, each 0…255, no leading zeros.
    static func parseIPv4(_ bytes: some Collection<UInt8>) -> UInt32? {
        // One pass, no intermediate slices (the client address is parsed on every request).
        var result: UInt32 = 0
        var parts = 0
        var value: UInt32 = 0
        var digits = 0
        var leadingZero = false
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, parts < 3 else { return nil }
                result = result << 8 | value
                parts += 1
                value = 0
                digits = 0
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            if digits == 0 { leadingZero = byte == UInt8(ascii: "0") } else if leadingZero { return nil }
            digits += 1
            value = value * 10 + UInt32(byte - UInt8(ascii: "0"))
            guard digits <= 3, value <= 255 else { return nil }
        }
        guard parts == 3, digits > 0 else { return nil }
        return result << 8 | value
    }

    /// RFC 4291 textual IPv6, with at most one `::` and an optional dotted IPv4 last part.
    static func parseIPv6(_ bytes: ArraySlice<UInt8>) -> (UInt64, UInt64)? {
        let colon = UInt8(ascii: ":")
        var head: [UInt16] = []
        var tail: [UInt16] = []
        var compressed = false
        var index = bytes.startIndex
        if bytes.starts(with: [colon, colon]) {
            compressed = true
            index += 2
        }
        while index < bytes.endIndex {
            let end = bytes[index...].firstIndex(of: colon) ?? bytes.endIndex
            let token = bytes[index..<end]
            if token.contains(UInt8(ascii: ".")) {
                guard end == bytes.endIndex, let v4 = parseIPv4(token) else { return nil }
                let pair = [UInt16(v4 >> 16), UInt16(v4 & 0xFFFF)]
                if compressed { tail += pair } else { head += pair }
                break
            }
            guard let group = parseHexGroup(token) else { return nil }
            if compressed { tail.append(group) } else { head.append(group) }
            guard end < bytes.endIndex else { break }
            if end + 1 < bytes.endIndex, bytes[end + 1] == colon {
                guard !compressed else { return nil }
                compressed = true
                index = end + 2
            } else {
                index = end + 1
                guard index < bytes.endIndex else { return nil }
            }
            guard head.count + tail.count <= 8 else { return nil }
        }
        let count = head.count + tail.count
        guard compressed ? count <= 7 : count == 8 else { return nil }
        let groups = head + Array(repeating: 0, count: 8 - count) + tail
        let high = groups[0..<4].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        let low = groups[4..<8].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        return (high, low)
    }

    private static func parseHexGroup(_ token: ArraySlice<UInt8>) -> UInt16? {
        guard !token.isEmpty, token.count <= 4 else { return nil }
        var value: UInt16 = 0
        for byte in token {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }
}
