import TestSupport
@testable import Identity
@testable import Basics
import Testing
@testable import Eloquent

/// The token cache keeps only the claims the server uses, capped in length, and is bounded in bytes (issue 12).
@Suite struct IdentityCacheBoundsTests {
    static func token(sub: String, name: String, picture: String = "https://example.com/a.png") -> String {
        let payload = """
            {"sub":"\(sub)","email":"a@example.com","aud":"authenticated","role":"authenticated",\
            "exp":\(IdentityFixture.start + 3600),"user_metadata":{"full_name":"\(name)","avatar_url":"\(picture)"}}
            """
        return IdentityFixture.token(payload: payload)
    }

    @Test func aLongNameIsCutAndALongPictureURLDropped() async throws {
        let clock = IdentityManualClock()
        let verifier = try IdentityFixture.verifier(clock: clock)
        let name = String(repeating: "é", count: 2000)  // 4 KB: a token stays under the 8 KiB bound
        let identity = try await verifier.verify(Self.token(sub: "u1", name: name))
        let kept = try #require(identity.name)
        #expect(kept.utf8.count <= Identity.maxNameBytes)
        #expect(kept.utf8.count >= Identity.maxNameBytes - 1)
        #expect(name.hasPrefix(kept))
        let cached = try #require(verifier.cachedIdentity(for: Self.token(sub: "u1", name: name)))
        #expect(cached.name == kept)
        #expect(verifier.cacheBytes < 1024)
        let longPicture = "https://example.com/" + String(repeating: "p", count: 3000)
        let dropped = try await verifier.verify(Self.token(sub: "u2", name: "n", picture: longPicture))
        #expect(dropped.pictureURL == nil)
        #expect(dropped.name == "n")
    }

    @Test func theCacheStaysWithinItsByteBound() async throws {
        let clock = IdentityManualClock()
        let limit = 64 * 1024
        let verifier = try TokenVerifier(
            hs256Secret: IdentityFixture.secret,
            configuration: .init(cacheTTL: 300, maxCacheEntries: 100_000, maxCacheBytes: limit), clock: clock.epochClock)
        let name = String(repeating: "n", count: 5600)  // 5.6 KB, as in the issue
        for index in 0..<2000 {
            _ = try await verifier.verify(Self.token(sub: "user-\(index)", name: name))
            #expect(verifier.cacheBytes <= limit)
        }
        let stats = verifier.cacheStats
        #expect(stats.entries > 100)
        #expect(stats.entries < 2000)
        #expect(stats.evictions == UInt64(2000 - stats.entries))
    }

    @Test func boundedExpiringCacheEvictsByCost() {
        var cache = BoundedExpiringCache<String, Int>(capacity: 100, maxCost: 10)
        cache.insert(1, for: "a", expiresAt: 100, now: 0, cost: 4)
        cache.insert(2, for: "b", expiresAt: 100, now: 0, cost: 4)
        cache.insert(3, for: "c", expiresAt: 100, now: 0, cost: 4)
        #expect(cache.value(for: "a", now: 1) == nil)
        #expect(cache.value(for: "b", now: 1) == 2)
        #expect(cache.totalCost == 8)
        cache.insert(4, for: "big", expiresAt: 100, now: 0, cost: 11)
        #expect(cache.value(for: "big", now: 1) == nil)
        cache.insert(5, for: "b", expiresAt: 100, now: 0, cost: 1)
        #expect(cache.totalCost == 5)
        let removed = cache.remove("c")
        #expect(removed)
        #expect(cache.totalCost == 1)
    }
}
