/// The fixed-size form in which ``InMemoryRateLimitStore`` holds a key: 128 bits of the
/// standard library's SipHash, seeded at random per process.
///
/// Storing 16 bytes instead of the string keeps a key's cost the same whatever its length (a
/// canonical IPv6 address does not fit a small string and would cost a heap allocation each) and
/// leaves no small allocations behind to fragment the heap once keys are swept. Two keys share a
/// counter only if both 64-bit halves collide: about 2⁻¹²⁸ per pair, and not something a client
/// can aim for without the process's seed.
struct RateLimitKey: Hashable, Sendable {
    let high: UInt64
    let low: UInt64

    init(_ key: String) {
        high = Self.hash(key, domain: 0x68)
        low = Self.hash(key, domain: 0x6C)
    }

    private static func hash(_ key: String, domain: UInt8) -> UInt64 {
        var hasher = Hasher()
        hasher.combine(domain)
        hasher.combine(key)
        return UInt64(truncatingIfNeeded: hasher.finalize())
    }
}
