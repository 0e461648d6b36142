import Foundation
import Glibc
import Testing
import TestSupport
@testable import Eloquent
@testable import SharedState

extension RedisLive {
    /// Several `Application`s with one `REDIS_URL`, as instances behind a proxy are: one rate limit across them, and a
    /// Redis outage that costs no request and heals by itself. The server comes from `scripts/with-redis` (`scripts/test`
    /// runs the tests under it). Serialized with every test on that server (`RedisLive`): the outage test stops it.
    @Suite struct RedisRateLimitLiveTests {
        static func variable(_ name: String) throws -> String {
            guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
                throw StackTestError("\(name) is not set: run the tests under scripts/with-redis (scripts/test does)")
            }
            return value
        }

        /// Runs `body` with `count` live instances sharing Redis, with `limit` requests per 15 minutes.
        static func instances(_ count: Int, limit: Int, _ body: ([LiveApp]) async throws -> Void) async throws {
            let settings = ["REDIS_URL": try variable("ELOQUENT_TEST_REDIS_URL"), "RATE_LIMIT_REQUESTS": String(limit),
                            "RATE_LIMIT_WINDOW": "15m", "EVENT_LOOPS": "1", "WORKER_POOL_SIZE": "1"]
            func nest(_ started: [LiveApp]) async throws {
                if started.count == count { return try await body(started) }
                let clean = try await LiveApplication.run(settings) { live in try await nest(started + [live]) }
                #expect(clean)
            }
            try await nest([])
        }

        /// A client address of its own for each test (nginx's `X-Forwarded-For`; loopback is a trusted proxy).
        static func freshClient() -> String {
            "10.\(UInt8.random(in: 0...255)).\(UInt8.random(in: 0...255)).\(UInt8.random(in: 1...254))"
        }

        /// `count` requests to `GET /` from `client`, spread round-robin over `apps`; the statuses.
        static func hammer(_ apps: [LiveApp], client: String, count: Int) throws -> [Int] {
            try (0..<count).map { index in
                try StackLive.send(apps[index % apps.count].port, "/", headers: [("X-Forwarded-For", client)]).status
            }
        }

        static func control(_ action: String) throws {
            try ControlScript.run("ELOQUENT_TEST_REDIS_CTL", action)
        }

        static func redisState(_ app: LiveApp) throws -> String? {
            let ready = try StackLive.send(app.port, "/ready")
            return try StackFixture.jsonObject(ready.body)["redis"] as? String
        }

        @Test func threeInstancesShareOneLimit() async throws {
            try await Self.instances(3, limit: 30) { apps in
                for app in apps { #expect(app.application.rateLimiter is RedisRateLimitStore) }
                let statuses = try Self.hammer(apps, client: Self.freshClient(), count: 60)
                let allowed = statuses.filter { $0 == 200 }.count
                #expect(abs(allowed - 30) <= 1, "allowed \(allowed) of 60 with a limit of 30 over three instances")
                #expect(statuses.filter { $0 == 429 }.count == 60 - allowed)
                for app in apps { #expect(try Self.redisState(app) == "ok") }
            }
        }

        @Test func redisOutageFallsBackInProcessThenOneLimitAgain() async throws {
            try await Self.instances(2, limit: 10) { apps in
                try Self.control("stop")
                do {
                    // Still serving: every request answered by the route or by the in-process limit, never an error.
                    let statuses = try Self.hammer(apps, client: Self.freshClient(), count: 30)
                    #expect(statuses.allSatisfy { $0 == 200 || $0 == 429 })
                    // In process, each instance allows its own 10.
                    #expect(statuses.filter { $0 == 200 }.count == 20)
                    for app in apps {
                        let store = try #require(app.application.rateLimiter as? RedisRateLimitStore)
                        #expect(store.fallbackHits > 0 && store.isDegraded)
                        #expect(try Self.redisState(app) == "unavailable")
                        #expect(try StackLive.send(app.port, "/ready").status == 200)  // Redis never makes an instance unready
                        let metrics = try StackLive.send(app.port, "/metrics").text
                        #expect(metrics.contains("eloquent_rate_limit_redis_fallbacks_total \(store.fallbackHits)"))
                    }
                } catch {
                    try? Self.control("start")
                    throw error
                }
                try Self.control("start")
                for app in apps {
                    #expect(try await LiveApplication.eventually(within: 15) { try Self.redisState(app) == "ok" })
                }
                let client = Self.freshClient()
                let replies = try (0..<30).map { index in
                    try StackLive.send(apps[index % apps.count].port, "/", headers: [("X-Forwarded-For", client)])
                }
                let allowed = replies.filter { $0.status == 200 }.count
                #expect(abs(allowed - 10) <= 1, "allowed \(allowed) after Redis returned: \(replies.map { "\($0.status)/\($0.header("X-RateLimit-Remaining") ?? "-")" })")
                for app in apps {
                    #expect((app.application.rateLimiter as? RedisRateLimitStore)?.isDegraded == false)
                }
            }
        }

        @Test func redisEndpointsParse() {
            let endpoint = RedisEndpoint(url: "redis://127.0.0.1:6380/2")
            #expect(endpoint?.host == "127.0.0.1" && endpoint?.port == 6380 && endpoint?.database == 2 && endpoint?.password == nil)
            #expect(RedisEndpoint(url: "redis://:s3cret@cache/0")?.password == "s3cret")
            #expect(RedisEndpoint(url: "redis://user:pw@cache:1")?.password == "pw")
            #expect(RedisEndpoint(url: "redis://cache")?.port == 6379)
            #expect(RedisEndpoint(url: "rediss://cache:6380") == nil)
            #expect(RedisEndpoint(url: "redis://cache:99999") == nil)
            #expect(RedisEndpoint(url: "redis://cache/x") == nil)
        }
    }
}
