/// The keys of one shard of ``InMemoryRateLimitStore``, with a hard capacity.
///
/// Counters live in a slot array (stable indices) and a dictionary maps each key to its slot.
/// Stable indices give two cheap cursors: an incremental sweep that checks a couple of slots on
/// every hit and frees expired ones, and an eviction hand used only when the table is full.
/// Not thread-safe: ``RateLimitShard`` holds it behind a mutex.
struct RateLimitKeyTable {
    /// Slots checked for expiry on every hit (amortised sweeping).
    static let sweepStepsPerHit = 2
    /// Slots sampled when choosing which entry to evict from a full table.
    static let evictionSampleSize = 16

    private struct Slot {
        var key: RateLimitKey?
        var counter: SlidingWindowCounter
    }

    /// Most keys this table holds.
    let capacity: Int
    private var slotOfKey: [RateLimitKey: Int32] = [:]
    private var slots: [Slot] = []
    private var freeSlots: [Int] = []
    private var sweepCursor = 0
    private var evictionHand = 0

    /// - Parameter capacity: clamped to `1...Int(Int32.max)` (slot numbers are stored as `Int32`).
    init(capacity: Int) {
        self.capacity = min(max(1, capacity), Int(Int32.max))
    }

    /// Keys currently held.
    var count: Int { slotOfKey.count }

    /// Slots allocated, live or free (what the table's memory is proportional to).
    var allocatedSlots: Int { slots.count }

    /// Counts a hit for `key`, creating its counter if needed (evicting another when full).
    mutating func hit(key: RateLimitKey, now: Int64, limit: Int, window: Int64) -> RateLimitDecision {
        sweepStep(now: now)
        if let slot = slotOfKey[key] {
            return slots[Int(slot)].counter.hit(now: now, limit: limit, window: window)
        }
        var counter = SlidingWindowCounter(now: now, window: window)
        let decision = counter.hit(now: now, limit: limit, window: window)
        // A refused first hit leaves no state worth keeping (only when the limit is zero).
        guard decision.allowed else { return decision }
        let slot = allocateSlot(now: now)
        slots[slot] = Slot(key: key, counter: counter)
        slotOfKey[key] = Int32(slot)
        return decision
    }

    /// Removes every expired key, then gives memory back when at most half the slots are live.
    /// Returns the number of keys removed.
    mutating func sweep(now: Int64) -> Int {
        let before = count
        for slot in slots.indices where isExpired(slot, now: now) {
            remove(slot)
        }
        if count * 2 <= slots.count { compact() }
        return before - count
    }

    private func isExpired(_ slot: Int, now: Int64) -> Bool {
        slots[slot].key != nil && slots[slot].counter.isExpired(now: now)
    }

    private mutating func remove(_ slot: Int) {
        guard let key = slots[slot].key else { return }
        slotOfKey.removeValue(forKey: key)
        slots[slot].key = nil
        freeSlots.append(slot)
    }

    /// Checks the next few slots for expiry: over `n` hits, `2n` slots are looked at.
    private mutating func sweepStep(now: Int64) {
        guard !slots.isEmpty else { return }
        for _ in 0..<Self.sweepStepsPerHit {
            if sweepCursor >= slots.count { sweepCursor = 0 }
            if isExpired(sweepCursor, now: now) { remove(sweepCursor) }
            sweepCursor += 1
        }
    }

    /// A free slot index, growing the array up to `capacity`, else evicting.
    private mutating func allocateSlot(now: Int64) -> Int {
        if let slot = freeSlots.popLast() { return slot }
        if slots.count < capacity {
            slots.append(Slot(key: nil, counter: SlidingWindowCounter(now: now, window: 1)))
            return slots.count - 1
        }
        let victim = chooseVictim(now: now)
        if let key = slots[victim].key { slotOfKey.removeValue(forKey: key) }
        slots[victim].key = nil
        return victim
    }

    /// The slot to evict from a full table: an expired entry if the sample holds one, else the
    /// least recently seen entry of the sample (sampled LRU, as Redis does).
    ///
    /// Why the least recently seen, rather than refusing new keys or dropping the new key: a full
    /// table means someone is presenting huge numbers of addresses. Refusing new keys would let
    /// them deny service to every new client; not tracking new keys would let every new address
    /// through unlimited. Evicting costs one forgotten counter, and the least recently seen one is
    /// the counter whose weight has decayed most, so forgetting it changes current decisions the
    /// least. Refused hits also refresh `lastSeen`, so a client being throttled right now is never
    /// the victim and cannot get itself reset by flooding the table.
    private mutating func chooseVictim(now: Int64) -> Int {
        var best: Int?
        var bestSeen = Int64.max
        for _ in 0..<min(Self.evictionSampleSize, slots.count) {
            let slot = evictionHand
            evictionHand = (evictionHand + 1) % slots.count
            guard slots[slot].key != nil else { continue }
            if isExpired(slot, now: now) { return slot }
            if slots[slot].counter.lastSeen < bestSeen {
                best = slot
                bestSeen = slots[slot].counter.lastSeen
            }
        }
        // A full table has no empty slots, so the sample always finds one; stay total anyway.
        return best ?? slots.indices.first { slots[$0].key != nil } ?? 0
    }

    /// Rebuilds the arrays and dictionary at the size of the live keys, releasing the rest.
    private mutating func compact() {
        let live = slots.filter { $0.key != nil }
        var index: [RateLimitKey: Int32] = [:]
        index.reserveCapacity(live.count)
        for (slot, entry) in live.enumerated() {
            if let key = entry.key { index[key] = Int32(slot) }
        }
        slots = live
        slotOfKey = index
        freeSlots = []
        sweepCursor = 0
        evictionHand = 0
    }
}
