import Foundation
import Glibc
import Testing
import TestSupport
@testable import Eloquent
import Storage

/// Several `Application`s on one PostgreSQL database (`DATABASE_URL`), as instances behind a proxy are: what one
/// writes the others read, the usage limit holds across them, and a database outage is a 503 that heals by itself.
/// The servers come from `scripts/with-postgres` (`scripts/test` runs the tests under it).
@Suite(.serialized) struct PostgresAppLiveTests {
    static let secret = "scale-out-test-secret-0123456789abcdef"

    /// `DATABASE_URL` on a new database of the server at `serverVariable`, dropped afterwards.
    static func withDatabase(_ serverVariable: String = "ELOQUENT_TEST_POSTGRES_URL",
                             _ body: (String) async throws -> Void) async throws {
        guard let server = ProcessInfo.processInfo.environment[serverVariable], !server.isEmpty else {
            throw StackTestError("\(serverVariable) is not set: run the tests under scripts/with-postgres (scripts/test does)")
        }
        let name = "app_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let admin = try await PostgresStore.open(url: server, options: PostgresStoreOptions(poolSize: 1, migrateOnOpen: false))
        do {
            try await admin.runForTest("CREATE DATABASE \(name)")
            let query = server.firstIndex(of: "?") ?? server.endIndex
            let slash = server[..<query].lastIndex(of: "/")!
            let url = String(server[..<slash]) + "/" + name + String(server[query...])
            var failure: (any Error)?
            do { try await body(url) } catch { failure = error }
            try? await admin.runForTest("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            try await admin.close()
            if let failure { throw failure }
        } catch {
            try? await admin.close()
            throw error
        }
    }

    /// The settings of an instance on `url`: the shared token secret, a user cache that is off unless `cached` (without
    /// Redis a cached row is only dropped on the instance that wrote it), generous rate limits.
    static func settings(_ url: String, _ extra: [String: String] = [:], cached: Bool = false) -> [String: String] {
        var settings = ["DATABASE_URL": url, "SUPABASE_JWT_SECRET": secret,
                        "RATE_LIMIT_REQUESTS": "100000", "ADMIN_EMAILS": AccountLive.adminEmail,
                        "EVENT_LOOPS": "1", "WORKER_POOL_SIZE": "1"]
        if !cached { settings["USER_CACHE_TTL"] = "0" }
        settings.merge(extra) { $1 }
        return settings
    }

    /// Runs `body` with `count` live instances on `url` (with the default caches when `cached`); every one must close
    /// cleanly.
    static func instances(_ count: Int, on url: String, _ extra: [String: String] = [:], cached: Bool = false,
                          _ body: ([AccountSession]) async throws -> Void) async throws {
        func nest(_ started: [AccountSession]) async throws {
            if started.count == count { return try await body(started) }
            let clean = try await LiveApplication.run(settings(url, extra, cached: cached)) { live in
                try await nest(started + [AccountSession(port: live.port, config: live.config, application: live.application)])
            }
            #expect(clean)
        }
        try await nest([])
    }

    @Test func settingsPlanAndUsageWrittenOnOneInstanceAreReadOnAnother() async throws {
        try await Self.withDatabase { url in
            try await Self.instances(2, on: url) { apps in
                let (a, b) = (apps[0], apps[1])
                #expect(a.application.backing is PostgresStore && b.application.backing is PostgresStore)
                let user = AccountUser("shared@example.com")
                let admin = AccountUser(AccountLive.adminEmail)
                try a.signIn(user)
                try b.signIn(admin)
                let (saved, _) = try a.object("PUT", "/api/auth/settings", as: user, json: ["language": "fr", "aiMode": "rewrite"])
                #expect(saved == 200)
                let settings = AccountJSONValue.object(AccountJSONValue.object(try b.validate(user)["user"])["settings"])
                #expect(settings["language"] as? String == "fr" && settings["aiMode"] as? String == "rewrite")

                #expect(try a.report(user, seconds: 90).0 == 200)
                #expect(try b.stats(user)["current_month"] as? Int == 2)  // 90 s shown as whole minutes, rounded up
                #expect(try b.history(user).count == 1)

                let (planned, _) = try b.object("PUT", "/api/admin/users/\(user.id)/plan", as: admin, json: ["plan": "pro"])
                #expect(planned == 200)
                let validated = try a.validate(user)
                #expect(AccountJSONValue.object(validated["user"])["plan"] as? String == "pro")
            }
        }
    }

    @Test func ninetyConcurrentMinuteReportsOverThreeInstancesAcceptExactlySixty() async throws {
        try await Self.withDatabase { url in
            try await Self.instances(3, on: url) { apps in
                let user = AccountUser("race-pg@example.com")
                try apps[0].signIn(user)
                let token = try apps[0].token(user)
                let request = StackLive.requestBytes("POST", "/api/usage/report", headers: [
                    ("Authorization", "Bearer " + token), ("Content-Type", "application/json"),
                ], body: Array(#"{"duration_seconds":60,"mode":"standard","language":"en"}"#.utf8))
                // Every request is sent before any reply is read, spread over the three instances.
                let clients = try (0..<90).map { try RawClient(port: apps[$0 % 3].port, timeoutSeconds: 60) }
                for client in clients { try client.send(request) }
                let statuses = try clients.map { try $0.readReply().status }
                #expect(statuses.filter { $0 == 200 }.count == 60)
                #expect(statuses.filter { $0 == 403 }.count == 30)
                for app in apps { #expect(try await app.monthSeconds(user) == 3600) }
                #expect(try apps[2].history(user, limit: 500).count == 60)
            }
        }
    }

    /// Runs the control script of the app-outage server (`stop` or `start`).
    static func control(_ action: String) throws {
        try ControlScript.run("ELOQUENT_TEST_POSTGRES_APP_OUTAGE_CTL", action)
    }

    @Test func databaseOutageIs503AndNotReadyThenHealsWithoutARestart() async throws {
        try await Self.withDatabase("ELOQUENT_TEST_POSTGRES_APP_OUTAGE_URL") { url in
            try await Self.instances(1, on: url) { apps in
                let app = apps[0]
                let user = AccountUser("outage@example.com")
                try app.signIn(user)
                #expect(try app.report(user, seconds: 120).0 == 200)
                #expect(try app.send("GET", "/ready").status == 200)
                try Self.control("stop")
                do {
                    let stats = try app.call("GET", "/api/usage/stats", token: app.token(user))
                    #expect(stats.status == 503)
                    #expect(stats.header("Retry-After").flatMap(Int.init) ?? 0 > 0)
                    #expect(try StackFixture.jsonObject(stats.body)["error"] as? String != nil)
                    let report = try app.report(user, seconds: 60)
                    #expect(report.0 == 503)
                    let ready = try app.send("GET", "/ready")
                    #expect(ready.status == 503)
                    #expect(try StackFixture.jsonObject(ready.body)["store"] as? String == "unavailable")
                    #expect(try app.send("GET", "/health").status == 200)  // liveness touches no dependency
                } catch {
                    try? Self.control("start")
                    throw error
                }
                try Self.control("start")
                #expect(try await LiveApplication.eventually(within: 15) { try app.send("GET", "/ready").status == 200 })
                // Nothing accepted before was lost; nothing refused was charged.
                #expect(try app.stats(user)["current_month"] as? Int == 2)
                #expect(try app.report(user, seconds: 60).0 == 200)
                #expect(try await app.monthSeconds(user) == 180)
            }
        }
    }
}

extension AccountSession {
    /// A request without a token on a fresh connection.
    func send(_ method: String, _ target: String) throws -> RawClient.Reply {
        try call(method, target)
    }
}
