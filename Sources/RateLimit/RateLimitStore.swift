/// Storage behind the rate limiter: counts hits per key in a sliding window.
///
/// The in-memory implementation is ``InMemoryRateLimitStore``; the interface is async so that a
/// store shared between processes (Redis) can implement it with a network round trip.
/// Callers use one `window` per key; `now` is in milliseconds on one clock shared by all calls.
public protocol RateLimitStore: Sendable {
    /// Counts one request for `key` at `now` (milliseconds) against `limit` requests per
    /// `window` (milliseconds) and says whether it may proceed. Refused requests are not counted.
    func hit(key: String, now: Int64, limit: Int, window: Int64) async -> RateLimitDecision

    /// The number of keys currently held (for metrics).
    var keyCount: Int { get }
}
