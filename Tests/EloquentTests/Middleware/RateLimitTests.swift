@testable import RateLimit
import HTTP1
import Testing
@testable import Eloquent
@testable import HTTPServer

/// `RateLimitMiddleware`: the window, its headers, the exempt routes, and which address a request counts against.
@Suite struct MiddlewareRateLimitTests {
    static let trusted = [CIDR("127.0.0.1/8")!, CIDR("::1/128")!, CIDR("10.0.0.0/8")!]
    let store = InMemoryRateLimitStore()

    func limiter(limit: Int = 3) -> RateLimitMiddleware {
        RateLimitMiddleware(store: store, limit: limit, windowMs: 60_000, trustedProxies: Self.trusted)
    }

    func send(_ path: String = "/api/usage/stats", peer: String = "203.0.113.7", headers: [(String, String)] = [],
              through next: StackRecordingNext, limit: Int = 3) async throws -> Response {
        try await limiter(limit: limit).handle(StackFixture.request("GET", path, headers: headers, peer: peer),
                                               next: next.responder)
    }

    static func isDecimal(_ text: String?) -> Bool {
        guard let text, !text.isEmpty else { return false }
        return text.utf8.allSatisfy { (48...57).contains($0) }
    }

    @Test func allowsTheLimitThenRefusesWith429() async throws {
        let next = StackRecordingNext()
        var remaining: [String?] = []
        for _ in 0..<3 {
            let response = try await send(through: next)
            #expect(response.status == 200)
            #expect(response.headers["X-RateLimit-Limit"] == "3")
            #expect(Self.isDecimal(response.headers["X-RateLimit-Reset"]))
            remaining.append(response.headers["X-RateLimit-Remaining"])
        }
        #expect(remaining == ["2", "1", "0"])
        let refused = try await send(through: next)
        #expect(next.calls == 3)
        #expect(refused.status == 429)
        let retryAfter = try #require(refused.headers["Retry-After"].flatMap(Int.init))
        #expect((1...60).contains(retryAfter))
        let json = try StackFixture.jsonObject(refused.body)
        #expect((json["error"] as? String)?.isEmpty == false)
        #expect(json["retryAfter"] as? Int == retryAfter)
        #expect(refused.headers["X-RateLimit-Remaining"] == "0")
        #expect(refused.headers["X-RateLimit-Limit"] == "3")
        #expect(Self.isDecimal(refused.headers["X-RateLimit-Reset"]))
        #expect(try await send(through: next).status == 429)
        #expect(next.calls == 3)
    }

    @Test func remainingIsADecimalCountdownFromTheLimit() async throws {
        let next = StackRecordingNext()
        for expected in stride(from: 149, through: 0, by: -1) {
            let response = try await send(through: next, limit: 150)
            #expect(response.headers["X-RateLimit-Remaining"] == String(expected))
        }
    }

    @Test(arguments: ["/health", "/ready", "/metrics"])
    func operationsRoutesAreExemptAndUncounted(path: String) async throws {
        let next = StackRecordingNext()
        for _ in 0..<10 {
            let response = try await send(path, through: next)
            #expect(response.status == 200)
            #expect(!response.headers.contains { $0.name.lowercased().hasPrefix("x-ratelimit") })
            #expect(!response.headers.contains("Retry-After"))
        }
        let first = try await send(through: next)
        #expect(first.headers["X-RateLimit-Remaining"] == "2")
        #expect(store.keyCount == 1)
    }

    @Test func exemptionIsByExactPathOnly() async throws {
        let next = StackRecordingNext()
        let response = try await send("/health/../api/usage", through: next)
        #expect(response.headers.contains("X-RateLimit-Limit"))
        let other = try await send("/healthz", through: next)
        #expect(other.headers.contains("X-RateLimit-Limit"))
    }

    @Test func spoofedForwardingHeadersFromAnUntrustedPeerDoNotChangeTheKey() async throws {
        let next = StackRecordingNext()
        var statuses: [Int] = []
        for index in 0..<6 {
            let response = try await send(peer: "203.0.113.7", headers: [
                ("X-Forwarded-For", "198.51.100.\(index)"), ("X-Real-IP", "192.0.2.\(index)"),
            ], through: next)
            statuses.append(response.status)
        }
        #expect(statuses == [200, 200, 200, 429, 429, 429])
        #expect(limiter().clientIP(for: StackFixture.request(headers: [("X-Forwarded-For", "1.1.1.1")], peer: "203.0.113.7"))
            == "203.0.113.7")
        #expect(store.keyCount == 1)
    }

    @Test func fromATrustedPeerTheRightMostUntrustedAddressIsTheKey() async throws {
        let limiter = limiter()
        func key(_ xff: String, peer: String = "127.0.0.1") -> String {
            limiter.clientIP(for: StackFixture.request(headers: [("X-Forwarded-For", xff)], peer: peer))
        }
        #expect(key("198.51.100.9") == "198.51.100.9")
        #expect(key("6.6.6.6, 198.51.100.9") == "198.51.100.9")
        #expect(key("6.6.6.6, 198.51.100.9, 10.1.2.3") == "198.51.100.9")
        #expect(key("198.51.100.9, 10.1.2.3", peer: "::1") == "198.51.100.9")
        #expect(key("garbage, 198.51.100.9") == "198.51.100.9")
        #expect(key("198.51.100.9, garbage") == "127.0.0.1")
        #expect(limiter.clientIP(for: StackFixture.request(headers: [("X-Real-IP", "198.51.100.77")], peer: "127.0.0.1"))
            == "198.51.100.77")

        // The client's own (left) part of the chain never buys it a fresh window.
        let next = StackRecordingNext()
        var statuses: [Int] = []
        for index in 0..<5 {
            let response = try await send(peer: "127.0.0.1", headers: [("X-Forwarded-For", "7.7.7.\(index), 198.51.100.9")],
                                          through: next)
            statuses.append(response.status)
        }
        #expect(statuses == [200, 200, 200, 429, 429])
        // Another real client behind the same proxy has its own window.
        let other = try await send(peer: "127.0.0.1", headers: [("X-Forwarded-For", "198.51.100.10")], through: next)
        #expect(other.status == 200)
        #expect(other.headers["X-RateLimit-Remaining"] == "2")
    }

    @Test func distinctPeersHaveDistinctWindows() async throws {
        let next = StackRecordingNext()
        for index in 0..<20 {
            let response = try await send(peer: "192.0.2.\(index)", through: next)
            #expect(response.headers["X-RateLimit-Remaining"] == "2")
        }
        #expect(store.keyCount == 20)
    }

    @Test func anErrorThrownByTheHandlerStillCarriesTheRateLimitHeaders() async throws {
        let next = StackRecordingNext { _ in throw HTTPError(400, "Missing field: audio") }
        let response = try await send(through: next)
        #expect(response.status == 400)
        #expect(response.headers["X-RateLimit-Remaining"] == "2")
        #expect(response.headers["X-RateLimit-Limit"] == "3")
    }
}
