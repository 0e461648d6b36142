internal import CLibUV
internal import Glibc

/// Numeric socket addresses: parsing for bind, formatting for peers.
enum SocketAddress {
    /// Fills `storage` from a numeric IPv4/IPv6 host (or `localhost`) and a port.
    static func make(host: String, port: Int, into storage: inout sockaddr_storage) throws(UVError) -> Int32 {
        let literal = host == "localhost" ? "127.0.0.1" : host
        if literal.contains(":") {
            let rc = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { uv_ip6_addr(literal, Int32(port), $0) }
            }
            try uvCheck(rc, "uv_ip6_addr(\(host))")
            return AF_INET6
        }
        let rc = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { uv_ip4_addr(literal, Int32(port), $0) }
        }
        try uvCheck(rc, "uv_ip4_addr(\(host))")
        return AF_INET
    }

    /// The numeric host and port of `storage`, or nil for an unknown family.
    static func describe(_ storage: inout sockaddr_storage) -> (host: String, port: Int)? {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin -> (String, Int)? in
                    guard uv_ip4_name(sin, &text, text.count) == 0 else { return nil }
                    return (stringFromCBuffer(text), Int(UInt16(bigEndian: sin.pointee.sin_port)))
                }
            }
        case AF_INET6:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sin6 -> (String, Int)? in
                    guard uv_ip6_name(sin6, &text, text.count) == 0 else { return nil }
                    return (stringFromCBuffer(text), Int(UInt16(bigEndian: sin6.pointee.sin6_port)))
                }
            }
        default:
            return nil
        }
    }
}
