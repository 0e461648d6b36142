/// A map whose entries expire at a given second, whose size never exceeds `capacity` and whose
/// entries' total cost (their bytes, as the caller counts them) never exceeds `maxCost`.
///
/// When full, an insert first drops every expired entry (at most once per clock second, so
/// a burst of inserts costs one sweep), then the oldest inserted entries. An entry costing more
/// than `maxCost` on its own is not stored. Lookups drop an expired entry they find. Not
/// thread-safe: wrap it in a lock.
package struct BoundedExpiringCache<Key: Hashable, Value> {
    @usableFromInline struct Entry {
        @usableFromInline var value: Value
        @usableFromInline var expiresAt: Int
        @usableFromInline var sequence: UInt64
        @usableFromInline var cost: Int

        @inlinable init(value: Value, expiresAt: Int, sequence: UInt64, cost: Int) {
            self.value = value
            self.expiresAt = expiresAt
            self.sequence = sequence
            self.cost = cost
        }
    }

    @usableFromInline package let capacity: Int
    @usableFromInline package let maxCost: Int
    /// The total cost of the entries held.
    @usableFromInline package internal(set) var totalCost = 0
    @usableFromInline var entries: [Key: Entry] = [:]
    /// Insertion order; items whose sequence no longer matches their entry are stale.
    @usableFromInline var order: [(key: Key, sequence: UInt64)] = []
    @usableFromInline var orderHead = 0
    @usableFromInline var nextSequence: UInt64 = 0
    @usableFromInline var lastSweep = Int.min
    /// Entries dropped to make room (not counting expiry).
    @usableFromInline package internal(set) var evictions: UInt64 = 0

    @inlinable package init(capacity: Int, maxCost: Int = .max) {
        self.capacity = max(0, capacity)
        self.maxCost = max(0, maxCost)
    }

    @inlinable package var count: Int { entries.count }

    /// Items held for eviction order, stale ones included (bounded by `2 * capacity + 1024`).
    var pendingOrderCount: Int { order.count - orderHead }

    /// The value for `key` if it has not expired at `now`.
    @inlinable package mutating func value(for key: Key, now: Int) -> Value? {
        guard let entry = entries[key] else { return nil }
        guard now < entry.expiresAt else {
            remove(key)
            return nil
        }
        return entry.value
    }

    /// Stores `value` until `expiresAt` (exclusive); a value already expired is not stored.
    @inlinable package mutating func insert(_ value: Value, for key: Key, expiresAt: Int, now: Int, cost: Int = 0) {
        guard capacity > 0, expiresAt > now, cost <= maxCost else { return }
        remove(key)
        if entries.count >= capacity || totalCost > maxCost - cost {
            if lastSweep != now {
                lastSweep = now
                removeExpired(now: now)
            }
            while entries.count >= capacity || totalCost > maxCost - cost, evictOldest() {}
        }
        nextSequence += 1
        totalCost += cost
        entries[key] = Entry(value: value, expiresAt: expiresAt, sequence: nextSequence, cost: cost)
        order.append((key, nextSequence))
        compactOrder()
    }

    @inlinable @discardableResult
    package mutating func remove(_ key: Key) -> Bool {
        guard let removed = entries.removeValue(forKey: key) else { return false }
        totalCost -= removed.cost
        return true
    }

    @inlinable package mutating func removeAll() {
        entries.removeAll()
        totalCost = 0
        order.removeAll()
        orderHead = 0
    }

    /// Drops every entry whose value matches; returns how many went.
    @inlinable @discardableResult
    package mutating func removeAll(where matches: (Value) -> Bool) -> Int {
        let doomed = entries.filter { matches($0.value.value) }.map(\.key)
        for key in doomed { remove(key) }
        return doomed.count
    }

    @inlinable mutating func removeExpired(now: Int) {
        entries = entries.filter { now < $0.value.expiresAt }
        totalCost = entries.values.reduce(0) { $0 + $1.cost }
    }

    @inlinable mutating func evictOldest() -> Bool {
        while orderHead < order.count {
            let item = order[orderHead]
            orderHead += 1
            if entries[item.key]?.sequence == item.sequence {
                remove(item.key)
                evictions += 1
                return true
            }
        }
        return false
    }

    /// Keeps `order` within a constant factor of `capacity`.
    @inlinable mutating func compactOrder() {
        if orderHead >= 1024, orderHead * 2 >= order.count {
            order.removeFirst(orderHead)
            orderHead = 0
        }
        if order.count - orderHead > 2 * capacity + 1024 {
            order = entries.map { ($0.key, $0.value.sequence) }.sorted { $0.sequence < $1.sequence }
            orderHead = 0
        }
    }
}
