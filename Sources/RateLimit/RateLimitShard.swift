import Synchronization

/// One mutex-protected ``RateLimitKeyTable`` of ``InMemoryRateLimitStore``.
///
/// A class because `Mutex` cannot be copied into an array; the store keeps one per shard so
/// that event-loop threads hitting different keys rarely wait for each other.
final class RateLimitShard: Sendable {
    private let table: Mutex<RateLimitKeyTable>

    init(capacity: Int) {
        table = Mutex(RateLimitKeyTable(capacity: capacity))
    }

    func hit(key: RateLimitKey, now: Int64, limit: Int, window: Int64) -> RateLimitDecision {
        table.withLock { $0.hit(key: key, now: now, limit: limit, window: window) }
    }

    func sweep(now: Int64) -> Int {
        table.withLock { $0.sweep(now: now) }
    }

    var count: Int { table.withLock { $0.count } }

    var allocatedSlots: Int { table.withLock { $0.allocatedSlots } }
}
