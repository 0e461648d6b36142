@testable import RateLimit
import HTTP1
import Testing
@testable import Eloquent
@testable import HTTPServer

/// IPv6 clients are limited by their /64 (issue 12, SPEC section 8): 200 addresses of one /64 are one client.
@Suite struct RateLimitIPv6Tests {
    @Test func keysAreTheSlash64ForIPv6AndTheAddressForIPv4() {
        #expect(ClientIP.limitKey("2001:db8:1:2::1") == "2001:db8:1:2::/64")
        #expect(ClientIP.limitKey("2001:db8:1:2:ffff:ffff:ffff:ffff") == "2001:db8:1:2::/64")
        #expect(ClientIP.limitKey("2001:db8:1:3::1") == "2001:db8:1:3::/64")
        #expect(ClientIP.limitKey("203.0.113.7") == "203.0.113.7")
        #expect(ClientIP.limitKey("::ffff:203.0.113.7") == "203.0.113.7")
        #expect(ClientIP.limitKey("not an address") == "not an address")
    }

    @Test func twoHundredAddressesOfOneSlash64AreOneClient() async throws {
        let store = InMemoryRateLimitStore()
        let limiter = RateLimitMiddleware(store: store, limit: 100, windowMs: 60_000, trustedProxies: [CIDR("127.0.0.1/8")!])
        let next = StackRecordingNext()
        var statuses: [Int] = []
        for index in 0..<200 {
            let peer = "2001:db8:aa:bb:\(String(index, radix: 16)):1:2:3"
            let response = try await limiter.handle(StackFixture.request("GET", "/api/usage/stats", peer: peer), next: next.responder)
            statuses.append(response.status)
        }
        #expect(statuses.filter { $0 == 200 }.count == 100)
        #expect(statuses.suffix(100).allSatisfy { $0 == 429 })
        #expect(next.calls == 100)
        // Another /64 is another client.
        let other = try await limiter.handle(StackFixture.request("GET", "/api/usage/stats", peer: "2001:db8:aa:bc::1"), next: next.responder)
        #expect(other.status == 200)
        // Through a trusted proxy, the forwarded IPv6 client is keyed by its /64 too.
        let forwarded = try await limiter.handle(
            StackFixture.request("GET", "/api/usage/stats", headers: [("X-Forwarded-For", "2001:db8:aa:bb::99")], peer: "127.0.0.1"),
            next: next.responder)
        #expect(forwarded.status == 429)
    }
}
