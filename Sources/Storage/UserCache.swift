/// The bounded, time-limited map behind `CachedStore`. Full: the oldest insertion goes first.
///
/// `generation` changes on every invalidation; a fill started before a write (which may carry
/// the row as it was before that write) is dropped by `insert(_:now:ifGeneration:)`.
struct UserCache {
    private struct Entry {
        var user: UserRecord
        var expires: ContinuousClock.Instant
        var sequence: UInt64
    }

    let ttl: Duration
    let capacity: Int
    private var entries: [String: Entry] = [:]
    /// Insertion order; items whose entry was replaced or dropped are skipped and compacted away.
    private var order: [(id: String, sequence: UInt64)] = []
    /// Items in `order` not yet consumed (tests check it stays bounded).
    var orderBacklog: Int { order.count - orderHead }
    private var orderHead = 0
    private var nextSequence: UInt64 = 0
    private(set) var generation: UInt64 = 0

    init(ttl: Duration, capacity: Int) {
        self.ttl = ttl
        self.capacity = max(0, capacity)
    }

    var count: Int { entries.count }

    /// The cached user, unless missing or expired (an expired entry is dropped).
    mutating func user(_ id: String, now: ContinuousClock.Instant) -> UserRecord? {
        guard let entry = entries[id] else { return nil }
        guard now < entry.expires else {
            entries[id] = nil
            return nil
        }
        return entry.user
    }

    /// Caches `user` unless an invalidation happened since `ifGeneration` was read.
    mutating func insert(_ user: UserRecord, now: ContinuousClock.Instant, ifGeneration: UInt64) {
        guard ifGeneration == generation, capacity > 0, ttl > .zero else { return }
        if entries[user.id] == nil {
            while entries.count >= capacity { evictOldest() }
        }
        nextSequence += 1
        entries[user.id] = Entry(user: user, expires: now + ttl, sequence: nextSequence)
        order.append((user.id, nextSequence))
        compactOrderIfSparse()
    }

    mutating func invalidate(_ id: String) {
        generation &+= 1
        entries[id] = nil
    }

    mutating func invalidateAll() {
        generation &+= 1
        entries.removeAll()
        order.removeAll()
        orderHead = 0
    }

    private mutating func evictOldest() {
        while orderHead < order.count {
            let (id, sequence) = order[orderHead]
            orderHead += 1
            if entries[id]?.sequence == sequence {
                entries[id] = nil
                return
            }
        }
        // Only reachable if `order` lost track of an entry, which `insert` never allows.
        preconditionFailure("UserCache: full but no entry in insertion order")
    }

    private mutating func compactOrderIfSparse() {
        guard order.count - orderHead > 2 * max(entries.count, 16) else { return }
        order = order[orderHead...].filter { entries[$0.id]?.sequence == $0.sequence }
        orderHead = 0
    }
}
