@testable import RateLimit
import Testing

/// The sliding-window arithmetic, driven with manual clocks (milliseconds).
struct RateLimitWindowTests {
    let minute: Int64 = 60_000

    @Test func limitIsExactAtTheBoundary() {
        let store = InMemoryRateLimitStore()
        let decisions = (0..<6).map { _ in store.hitSync(key: "a", now: 0, limit: 5, window: minute) }
        #expect(decisions.prefix(5).allSatisfy { $0.allowed })
        #expect(decisions[5].allowed == false)
        #expect(decisions.map(\.remaining) == [4, 3, 2, 1, 0, 0])
        #expect(decisions.allSatisfy { $0.limit == 5 })
    }

    @Test func remainingIsNeverNegativeUnderHammering() {
        let store = InMemoryRateLimitStore()
        for i in 0..<500 {
            let decision = store.hitSync(key: "a", now: Int64(i) * 10, limit: 3, window: minute)
            #expect(decision.remaining >= 0)
            #expect(decision.allowed == (i < 3))
        }
    }

    @Test func resetAndRetryAfterAreSane() {
        let store = InMemoryRateLimitStore()
        let first = store.hitSync(key: "a", now: 0, limit: 5, window: minute)
        #expect(first.resetSeconds == 60)
        #expect(first.retryAfterSeconds == 0)
        for _ in 0..<4 { _ = store.hitSync(key: "a", now: 0, limit: 5, window: minute) }
        let refused = store.hitSync(key: "a", now: 30_000, limit: 5, window: minute)
        #expect(refused.allowed == false)
        #expect(refused.resetSeconds == 30)
        #expect(refused.retryAfterSeconds == 30)
        // Retry-After is honest: just before it the request is still refused, at it allowed.
        #expect(store.hitSync(key: "a", now: 59_999, limit: 5, window: minute).allowed == false)
        #expect(store.hitSync(key: "a", now: 60_000, limit: 5, window: minute).allowed)
    }

    @Test func refusedRequestsAreNotCounted() {
        let store = InMemoryRateLimitStore()
        for _ in 0..<100 { _ = store.hitSync(key: "a", now: 0, limit: 2, window: minute) }
        // Had the 98 refusals counted, window 0 would still weigh ~49 half-way through window 1.
        let later = store.hitSync(key: "a", now: 90_000, limit: 2, window: minute)
        #expect(later.allowed && later.remaining == 1)
    }

    @Test func windowSlides() {
        let store = InMemoryRateLimitStore()
        for _ in 0..<10 { _ = store.hitSync(key: "a", now: 0, limit: 10, window: minute) }
        #expect(store.hitSync(key: "a", now: 1, limit: 10, window: minute).allowed == false)
        // 90 s: half-way through the next window, 4 of the previous 10 still weigh in.
        let allowedAt90 = (0..<20).filter { _ in
            store.hitSync(key: "a", now: 90_000, limit: 10, window: minute).allowed
        }.count
        #expect(allowedAt90 == 6)
        // Now 6 + 4 = 10: the previous window's weight drops to 3 at exactly 96 s.
        let refused = store.hitSync(key: "a", now: 90_000, limit: 10, window: minute)
        #expect(refused.retryAfterSeconds == 6)
        #expect(store.hitSync(key: "a", now: 95_999, limit: 10, window: minute).allowed == false)
        #expect(store.hitSync(key: "a", now: 96_000, limit: 10, window: minute).allowed)
        // Two full windows later nothing weighs in.
        let fresh = (0..<11).map { _ in store.hitSync(key: "a", now: 240_000, limit: 10, window: minute) }
        #expect(fresh.filter(\.allowed).count == 10)
    }

    @Test func blockedInTheCurrentWindowWaitsForItsEnd() {
        let store = InMemoryRateLimitStore()
        for _ in 0..<3 { _ = store.hitSync(key: "a", now: 12_000, limit: 3, window: minute) }
        let refused = store.hitSync(key: "a", now: 12_000, limit: 3, window: minute)
        #expect(refused.allowed == false)
        #expect(refused.resetSeconds == 48)
    }

    @Test func zeroOrNegativeLimitRefusesWithoutStoringAnything() {
        let store = InMemoryRateLimitStore()
        for limit in [0, -1, Int.min] {
            let decision = store.hitSync(key: "a", now: 0, limit: limit, window: minute)
            #expect(decision.allowed == false)
            #expect(decision.remaining == 0 && decision.limit == 0)
            #expect(decision.retryAfterSeconds >= 1)
        }
        #expect(store.keyCount == 0)
    }

    @Test func hostileParametersDoNotTrap() {
        let store = InMemoryRateLimitStore()
        let windows: [Int64] = [0, -5, 1, .max, .min]
        let instants: [Int64] = [0, -1, .min, .max, 1 << 62]
        for window in windows {
            for now in instants {
                let decision = store.hitSync(key: "k\(window)", now: now, limit: .max, window: window)
                #expect(decision.remaining >= 0)
                #expect(decision.resetSeconds >= 0)
            }
        }
        let tiny = (0..<3).map { _ in store.hitSync(key: "t", now: 5, limit: 2, window: 1) }
        #expect(tiny.map(\.allowed) == [true, true, false])
        #expect(tiny[2].retryAfterSeconds == 1)
    }

    @Test func clockGoingBackDoesNotResetTheCount() {
        let store = InMemoryRateLimitStore()
        for _ in 0..<2 { _ = store.hitSync(key: "a", now: 70_000, limit: 2, window: minute) }
        #expect(store.hitSync(key: "a", now: 10_000, limit: 2, window: minute).allowed == false)
        #expect(store.hitSync(key: "a", now: -1, limit: 2, window: minute).allowed == false)
    }

    @Test func decisionInitialiserEnforcesInvariants() {
        let refused = RateLimitDecision(allowed: false, limit: 5, remaining: -3, resetSeconds: 0)
        #expect(refused.remaining == 0 && refused.resetSeconds == 1 && refused.retryAfterSeconds == 1)
        let allowed = RateLimitDecision(allowed: true, limit: 5, remaining: -1, resetSeconds: 7)
        #expect(allowed.remaining == 0 && allowed.retryAfterSeconds == 0 && allowed.resetSeconds == 7)
    }
}
