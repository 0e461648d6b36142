@testable import RateLimit
import Testing

/// Keys, memory bounds and concurrency of the in-memory store.
struct RateLimitStoreTests {
    let minute: Int64 = 60_000

    @Test func separateKeysAreIndependent() {
        let store = InMemoryRateLimitStore()
        for _ in 0..<3 { _ = store.hitSync(key: "a", now: 0, limit: 3, window: minute) }
        #expect(store.hitSync(key: "a", now: 0, limit: 3, window: minute).allowed == false)
        let other = store.hitSync(key: "b", now: 0, limit: 3, window: minute)
        #expect(other.allowed && other.remaining == 2)
        #expect(store.keyCount == 2)
    }

    @Test func keysOfAnyLengthAndSimilarKeysAreDistinct() {
        let store = InMemoryRateLimitStore()
        let long = String(repeating: "x", count: 100_000)
        let keys = ["", "a", "a ", "A", "2001:db8::1", "2001:db8::10", long, long + "y"]
        for key in keys {
            #expect(store.hitSync(key: key, now: 0, limit: 1, window: minute).allowed, "\(key.prefix(20))")
        }
        for key in keys {
            #expect(store.hitSync(key: key, now: 0, limit: 1, window: minute).allowed == false)
        }
        #expect(store.keyCount == keys.count)
    }

    @Test func worksThroughTheAsyncProtocol() async {
        let store: any RateLimitStore = InMemoryRateLimitStore()
        let first = await store.hit(key: "a", now: 0, limit: 1, window: minute)
        let second = await store.hit(key: "a", now: 0, limit: 1, window: minute)
        #expect(first.allowed && !second.allowed)
        #expect(store.keyCount == 1)
    }

    @Test func sweepRemovesExactlyTheExpiredKeys() {
        let store = InMemoryRateLimitStore()
        for i in 0..<100 { _ = store.hitSync(key: "old\(i)", now: 0, limit: 5, window: minute) }
        for i in 0..<50 { _ = store.hitSync(key: "new\(i)", now: 100_000, limit: 5, window: minute) }
        // Window-0 hits weigh in until the end of window 1.
        #expect(store.sweep(now: 119_999) == 0)
        #expect(store.sweep(now: 120_000) == 100)
        #expect(store.keyCount == 50)
        // The swept keys start afresh; the others kept their counts.
        #expect(store.hitSync(key: "old1", now: 120_000, limit: 1, window: minute).allowed)
        #expect(store.hitSync(key: "new1", now: 110_000, limit: 1, window: minute).allowed == false)
    }

    @Test func hitsSweepExpiredKeysIncrementally() {
        let store = InMemoryRateLimitStore(shardCount: 1)
        for i in 0..<1_000 { _ = store.hitSync(key: "old\(i)", now: 0, limit: 5, window: minute) }
        for _ in 0..<600 { _ = store.hitSync(key: "busy", now: 200_000, limit: 5, window: minute) }
        #expect(store.keyCount == 1)
    }

    @Test func hardCapHoldsUnderTwoMillionKeysAndSweepReleasesMemory() {
        let store = InMemoryRateLimitStore()
        #expect(store.maximumKeys == 1_000_000)
        for i in 0..<2_000_000 {
            _ = store.hitSync(key: "c\(i)", now: Int64(i / 1_000), limit: 100, window: 15 * minute)
        }
        #expect(store.keyCount <= 1_000_000)
        #expect(store.keyCount > 990_000)
        #expect(store.allocatedSlots <= 1_000_000)
        let held = store.keyCount
        #expect(store.sweep(now: 30 * minute + 2_000) == held)
        #expect(store.keyCount == 0)
        #expect(store.allocatedSlots == 0)
    }

    @Test func configuredCapHoldsWithUnevenShards() {
        let store = InMemoryRateLimitStore(maximumKeys: 100, shardCount: 7)
        for i in 0..<10_000 { _ = store.hitSync(key: "k\(i)", now: Int64(i), limit: 5, window: minute) }
        #expect(store.keyCount <= 100)
        let tiny = InMemoryRateLimitStore(maximumKeys: 3, shardCount: 16)
        for i in 0..<100 { _ = tiny.hitSync(key: "k\(i)", now: 0, limit: 5, window: minute) }
        #expect(tiny.keyCount <= 3)
        let degenerate = InMemoryRateLimitStore(maximumKeys: 0, shardCount: 0)
        #expect(degenerate.hitSync(key: "a", now: 0, limit: 1, window: minute).allowed)
        #expect(degenerate.hitSync(key: "a", now: 0, limit: 1, window: minute).allowed == false)
        #expect(degenerate.keyCount == 1)
    }

    @Test func fullTableEvictsTheLeastRecentlySeenNotAThrottledClient() {
        let store = InMemoryRateLimitStore(maximumKeys: 16, shardCount: 1)
        for i in 0..<16 { _ = store.hitSync(key: "k\(i)", now: Int64(i), limit: 1, window: minute) }
        // k0 is throttled and keeps knocking: its refused hits make it recently seen.
        #expect(store.hitSync(key: "k0", now: 100, limit: 1, window: minute).allowed == false)
        #expect(store.hitSync(key: "newcomer", now: 101, limit: 1, window: minute).allowed)
        #expect(store.keyCount == 16)
        #expect(store.hitSync(key: "k0", now: 102, limit: 1, window: minute).allowed == false)
        // k1 was the least recently seen, so it was forgotten and starts afresh.
        #expect(store.hitSync(key: "k1", now: 103, limit: 1, window: minute).allowed)
    }

    @Test func fullTableEvictsExpiredKeysFirst() {
        let store = InMemoryRateLimitStore(maximumKeys: 16, shardCount: 1)
        for i in 0..<15 { _ = store.hitSync(key: "k\(i)", now: Int64(i), limit: 1, window: 1_000_000) }
        _ = store.hitSync(key: "short", now: 50, limit: 1, window: 10)
        #expect(store.hitSync(key: "newcomer", now: 100, limit: 1, window: 1_000_000).allowed)
        #expect(store.keyCount == 16)
        for i in 0..<15 {
            #expect(store.hitSync(key: "k\(i)", now: 200, limit: 1, window: 1_000_000).allowed == false)
        }
    }

    @Test func concurrentHitsOnOneKeyNeverExceedTheLimit() async {
        let store = InMemoryRateLimitStore()
        let allowed = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    (0..<1_000).filter { _ in
                        store.hitSync(key: "shared", now: 5_000, limit: 500, window: 60_000).allowed
                    }.count
                }
            }
            return await group.reduce(0, +)
        }
        #expect(allowed == 500)
    }

    @Test func concurrentDistinctKeysAndSweepsKeepTheCap() async {
        let store = InMemoryRateLimitStore(maximumKeys: 1_000, shardCount: 4)
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<6 {
                group.addTask {
                    for i in 0..<20_000 {
                        _ = store.hitSync(key: "t\(task)-\(i)", now: Int64(i), limit: 3, window: 1_000)
                        if i % 5_000 == 0 { store.sweep(now: Int64(i)) }
                    }
                }
            }
        }
        #expect(store.keyCount <= 1_000)
        store.sweep(now: 1_000_000)
        #expect(store.keyCount == 0)
    }
}
