import TestSupport
@testable import Basics
@testable import Identity
import Testing

@Suite struct IdentityTokenCacheTests {
    let clock = IdentityManualClock()
    var now: Int { clock.now }

    @Test func aCacheHitDoesNotVerifyAgain() async throws {
        let verifier = try IdentityFixture.verifier(clock: clock)
        let token = IdentityFixture.token(claims: IdentityTestClaims())
        #expect(verifier.cachedIdentity(for: token) == nil)
        let first = try await verifier.verify(token)
        let second = try await verifier.verify(token)
        #expect(verifier.cachedIdentity(for: token) == first)
        #expect(first == second)
        #expect(verifier.verificationCount == 1)
        #expect(verifier.cacheStats == TokenCacheStats(hits: 2, misses: 2, entries: 1, evictions: 0, capacity: 1000))
    }

    @Test func failedTokensAreNotCached() async throws {
        let verifier = try IdentityFixture.verifier(clock: clock)
        let token = IdentityFixture.token(claims: IdentityTestClaims(), secret: IdentityFixture.otherSecret)
        for _ in 0..<3 {
            _ = await IdentityFixture.failure { () async throws(AuthFailure) in try await verifier.verify(token) }
        }
        #expect(verifier.verificationCount == 3)
        #expect(verifier.cacheStats.entries == 0)
    }

    @Test func anEntryNeverOutlivesTheTokensExpiry() async throws {
        let verifier = try IdentityFixture.verifier(clock: clock, cacheTTL: 3600)
        var claims = IdentityTestClaims()
        claims.exp = now + 60
        let token = IdentityFixture.token(claims: claims)
        _ = try await verifier.verify(token)
        clock.advance(by: 59)
        #expect(verifier.cachedIdentity(for: token) != nil)
        clock.advance(by: 1)
        #expect(verifier.cachedIdentity(for: token) == nil)
        // Within the skew leeway the token still verifies, but it is not cached again.
        _ = try await verifier.verify(token)
        #expect(verifier.cachedIdentity(for: token) == nil)
        #expect(verifier.cacheStats.entries == 0)
        clock.advance(by: TokenVerifier.clockSkewLeeway)
        let failure = await IdentityFixture.failure { () async throws(AuthFailure) in try await verifier.verify(token) }
        #expect(failure?.reason?.hasPrefix("expired") == true)
    }

    @Test func entriesExpireAfterTheTTL() async throws {
        let verifier = try IdentityFixture.verifier(clock: clock, cacheTTL: 60)
        let token = IdentityFixture.token(claims: IdentityTestClaims())
        _ = try await verifier.verify(token)
        clock.advance(by: 59)
        #expect(verifier.cachedIdentity(for: token) != nil)
        clock.advance(by: 1)
        #expect(verifier.cachedIdentity(for: token) == nil)
        _ = try await verifier.verify(token)
        #expect(verifier.verificationCount == 2)
    }

    @Test func aZeroTTLDisablesTheCache() async throws {
        let verifier = try IdentityFixture.verifier(clock: clock, cacheTTL: 0)
        let token = IdentityFixture.token(claims: IdentityTestClaims())
        _ = try await verifier.verify(token)
        _ = try await verifier.verify(token)
        #expect(verifier.cachedIdentity(for: token) == nil)
        #expect(verifier.verificationCount == 2)
        #expect(verifier.cacheStats.entries == 0)
    }

    @Test func evictForgetsOneToken() async throws {
        let verifier = try IdentityFixture.verifier(clock: clock)
        let token = IdentityFixture.token(claims: IdentityTestClaims())
        var other = IdentityTestClaims()
        other.sub = "someone-else"
        let otherToken = IdentityFixture.token(claims: other)
        _ = try await verifier.verify(token)
        _ = try await verifier.verify(otherToken)
        #expect(verifier.evict(token: token))
        #expect(!verifier.evict(token: token))
        #expect(!verifier.evict(token: "never.seen.token"))
        #expect(verifier.cachedIdentity(for: token) == nil)
        #expect(verifier.cachedIdentity(for: otherToken)?.userID == "someone-else")
        _ = try await verifier.verify(token)
        #expect(verifier.verificationCount == 3)
    }

    @Test func theBoundHoldsThroughTheVerifier() async throws {
        let verifier = try IdentityFixture.verifier(clock: clock, maxEntries: 50)
        var tokens: [String] = []
        for index in 0..<500 {
            var claims = IdentityTestClaims()
            claims.sub = "user-\(index)"
            tokens.append(IdentityFixture.token(claims: claims))
            _ = try await verifier.verify(tokens[index])
            #expect(verifier.cacheStats.entries <= 50)
        }
        #expect(verifier.cacheStats.evictions == 450)
        #expect(verifier.cachedIdentity(for: tokens[499])?.userID == "user-499")
        #expect(verifier.cachedIdentity(for: tokens[0]) == nil)
    }

    @Test func theBoundHoldsUnder200kDistinctTokens() {
        let capacity = 10_000
        let cache = TokenCache(capacity: capacity)
        let identity = Identity(userID: "u", email: nil, expiresAt: now + 3600)
        for index in 0..<200_000 {
            cache.store(identity, for: TokenDigest(of: "token-\(index)"), expiresAt: now + 300, now: now)
        }
        let stats = cache.stats
        #expect(stats.entries == capacity)
        #expect(stats.evictions == UInt64(200_000 - capacity))
        #expect(cache.lookup(TokenDigest(of: "token-199999"), now: now) != nil)
        #expect(cache.lookup(TokenDigest(of: "token-\(200_000 - capacity)"), now: now) != nil)
        #expect(cache.lookup(TokenDigest(of: "token-\(200_000 - capacity - 1)"), now: now) == nil)
        #expect(cache.lookup(TokenDigest(of: "token-0"), now: now) == nil)
    }

    @Test func fullCacheDropsExpiredEntriesBeforeLiveOnes() {
        var cache = BoundedExpiringCache<String, Int>(capacity: 3)
        cache.insert(1, for: "short", expiresAt: 10, now: 0)
        cache.insert(2, for: "a", expiresAt: 100, now: 0)
        cache.insert(3, for: "b", expiresAt: 100, now: 0)
        cache.insert(4, for: "c", expiresAt: 100, now: 20)
        #expect(cache.count == 3 && cache.evictions == 0)
        #expect(cache.value(for: "a", now: 20) == 2)
        cache.insert(5, for: "d", expiresAt: 100, now: 20)
        #expect(cache.evictions == 1)
        #expect(cache.value(for: "a", now: 20) == nil)
        #expect(cache.value(for: "b", now: 20) == 3 && cache.value(for: "d", now: 20) == 5)
    }

    @Test func reinsertingOneKeyKeepsBookkeepingBounded() {
        var cache = BoundedExpiringCache<String, Int>(capacity: 4)
        for round in 0..<20_000 {
            cache.insert(round, for: "same", expiresAt: 100, now: 0)
            #expect(cache.pendingOrderCount <= 2 * 4 + 1024)
        }
        #expect(cache.count == 1 && cache.value(for: "same", now: 0) == 19_999)
        cache.insert(0, for: "x", expiresAt: 100, now: 0)
        cache.insert(0, for: "y", expiresAt: 100, now: 0)
        cache.insert(0, for: "z", expiresAt: 100, now: 0)
        cache.insert(0, for: "w", expiresAt: 100, now: 0)
        #expect(cache.count == 4 && cache.value(for: "same", now: 0) == nil)
    }

    @Test func alreadyExpiredValuesAreNotStored() {
        var cache = BoundedExpiringCache<String, Int>(capacity: 4)
        cache.insert(1, for: "k", expiresAt: 5, now: 5)
        #expect(cache.count == 0)
        var none = BoundedExpiringCache<String, Int>(capacity: 0)
        none.insert(1, for: "k", expiresAt: 50, now: 5)
        #expect(none.count == 0)
    }
}
