/// A ``RateLimitStore`` for one process: sliding-window counters (see `SlidingWindowCounter`
/// for why the counter approximation rather than an exact log) in sharded, capped tables.
/// Keys are held as 128-bit keyed hashes (`RateLimitKey`), about 100 bytes per key in all, so
/// the default cap costs about 100 MB at worst, whatever the keys look like.
///
/// - Sharding: keys are spread over `shardCount` mutex-protected tables by a per-process seeded
///   hash, so a client cannot aim all its keys at one shard and threads rarely contend.
/// - Bounded memory: every hit checks a couple of slots and frees expired keys; ``sweep(now:)``
///   (call it from a timer) frees all expired keys and gives the memory back; and a hard cap of
///   `maximumKeys` holds whatever arrives: when a shard is full it evicts an expired key if one
///   is at hand, else its least recently seen one (the reasons are on `RateLimitKeyTable`).
///   The cap is split evenly over the shards, so eviction can start slightly before the total
///   reaches `maximumKeys`, and the total never exceeds it.
/// - ``hitSync(key:now:limit:window:)`` is the hot path: no allocation beyond a new key's slot, one
///   short critical section. The async ``hit(key:now:limit:window:)`` only satisfies the protocol.
public final class InMemoryRateLimitStore: RateLimitStore {
    /// Default hard cap on keys held.
    public static let defaultMaximumKeys = 1_000_000
    /// Default number of independently locked shards.
    public static let defaultShardCount = 16

    /// Hard cap on keys held across all shards.
    public let maximumKeys: Int
    private let shards: [RateLimitShard]

    /// Creates an empty store holding at most `maximumKeys` keys (at least 1) in `shardCount`
    /// shards (at least 1, at most `maximumKeys`).
    public init(maximumKeys: Int = defaultMaximumKeys, shardCount: Int = defaultShardCount) {
        let maximumKeys = max(1, maximumKeys)
        let shardCount = min(max(1, shardCount), maximumKeys)
        self.maximumKeys = maximumKeys
        shards = (0..<shardCount).map { _ in RateLimitShard(capacity: maximumKeys / shardCount) }
    }

    /// Counts one request for `key` at `now` (ms) against `limit` per `window` (ms), synchronously.
    public func hitSync(key: String, now: Int64, limit: Int, window: Int64) -> RateLimitDecision {
        let key = RateLimitKey(key)
        return shard(for: key).hit(key: key, now: now, limit: limit, window: window)
    }

    public func hit(key: String, now: Int64, limit: Int, window: Int64) async -> RateLimitDecision {
        hitSync(key: key, now: now, limit: limit, window: window)
    }

    /// Removes every key expired at `now` and releases unused memory; returns how many went.
    /// Locks one shard at a time.
    @discardableResult
    public func sweep(now: Int64) -> Int {
        shards.reduce(0) { $0 + $1.sweep(now: now) }
    }

    public var keyCount: Int { shards.reduce(0) { $0 + $1.count } }

    /// Slots allocated across shards (live or free): what memory use is proportional to.
    var allocatedSlots: Int { shards.reduce(0) { $0 + $1.allocatedSlots } }

    private func shard(for key: RateLimitKey) -> RateLimitShard {
        shards[Int(key.high % UInt64(shards.count))]
    }
}

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

    /// Frees the keys whose window ended before `now` (milliseconds) held in this process; returns how many.
    @discardableResult
    func sweep(now: Int64) -> Int
}
