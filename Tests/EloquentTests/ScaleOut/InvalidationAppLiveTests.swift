import Basics
import Foundation
import Storage
import Testing
import TestSupport
@testable import Eloquent
@testable import SharedState

extension RedisLive {
    /// Three `Application`s on one PostgreSQL and one Redis with their caches on (the defaults: user rows, verified
    /// tokens, responses), as instances behind nginx are (SPEC section 10, issue 13): a write on one instance is seen on
    /// the others at once, though each had the old answer cached a moment before. Every other instance first reads
    /// (so that its caches are warm), then one writes, then the others read again.
    ///
    /// "At once" is made exact without a clock: after the write, the writer publishes a marker on its bus and the test
    /// waits until every other instance has heard it. Events from one instance arrive in order, so the write's own
    /// invalidations were handled before; without them the others would answer from their cache for minutes.
    @Suite struct InvalidationAppLiveTests {
        static func cluster(_ extra: [String: String] = [:], _ body: ([AccountSession]) async throws -> Void) async throws {
            let redis = try RedisRateLimitLiveTests.variable("ELOQUENT_TEST_REDIS_URL")
            try await PostgresAppLiveTests.withDatabase { url in
                try await PostgresAppLiveTests.instances(3, on: url, extra.merging(["REDIS_URL": redis]) { $1 }, cached: true) { apps in
                    for app in apps {
                        #expect(app.config.userCacheTTL > .zero && app.config.tokenCacheTTL > .zero)
                        #expect(app.application.invalidations is RedisInvalidationBus)
                    }
                    let buses = apps.compactMap { $0.application.invalidations as? RedisInvalidationBus }
                    // Subscribed before the first request: no event of the test can be missed.
                    #expect(try await LiveApplication.eventually(within: 15) { buses.allSatisfy { $0.stats.subscribed } })
                    try await body(apps)
                }
            }
        }

        /// Waits until every instance of `others` has heard everything `writer` published so far.
        static func settle(from writer: AccountSession, to others: [AccountSession]) async throws {
            let marker = Invalidation.user("settle-" + UUID().uuidString)
            let recorders = others.map { InvalidationRecorder($0.application.invalidations) }
            writer.application.invalidations.publish(marker)
            let heard = try await LiveApplication.eventually(within: 15) { recorders.allSatisfy { $0.events.contains(marker) } }
            if !heard { throw StackTestError("an instance did not hear the writer's marker through Redis") }
        }

        static func error(_ reply: RawClient.Reply) -> String? {
            (try? StackFixture.jsonObject(reply.body))?["error"] as? String
        }

        static func settings(_ app: AccountSession, _ token: String) throws -> [String: Any] {
            let reply = try app.call("POST", "/api/auth/validate", token: token)
            guard reply.status == 200 else { throw StackTestError("validate gave \(reply.status): \(reply.text)") }
            return AccountJSONValue.object(AccountJSONValue.object(try StackFixture.jsonObject(reply.body)["user"])["settings"])
        }

        /// The value of the sample `name` (no labels) in `/metrics`.
        static func metric(_ app: AccountSession, _ name: String) throws -> Double? {
            let text = try app.send("GET", "/metrics").text
            return text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.dropFirst(name.count + 1)) }
        }

        @Test func settingsSavedOnOneInstanceAreSeenOnTheOthersAtOnce() async throws {
            try await Self.cluster { apps in
                let (a, b, c) = (apps[0], apps[1], apps[2])
                let user = AccountUser("scale-settings@example.com")
                try a.signIn(user)
                let token = try a.token(user)
                for app in apps { #expect(try Self.settings(app, token)["language"] as? String != "fr") }

                let (saved, _) = try a.object("PUT", "/api/auth/settings", as: user, json: ["language": "fr", "aiMode": "rewrite"])
                #expect(saved == 200)
                try await Self.settle(from: a, to: [b, c])
                for app in [b, c] {
                    let settings = try Self.settings(app, token)
                    #expect(settings["language"] as? String == "fr" && settings["aiMode"] as? String == "rewrite")
                }

                // And back the other way, from an instance that has just read the row.
                let (again, _) = try b.object("PUT", "/api/auth/settings", as: user, json: ["language": "de"])
                #expect(again == 200)
                try await Self.settle(from: b, to: [a, c])
                for app in apps { #expect(try Self.settings(app, token)["language"] as? String == "de") }

                #expect(try Self.metric(a, "eloquent_invalidations_published_total") ?? 0 >= 1)
                #expect(try Self.metric(c, "eloquent_invalidations_received_total") ?? 0 >= 2)
                #expect(try Self.metric(c, "eloquent_invalidations_subscribed") == 1)
            }
        }

        @Test func aWriteMadeWhileRedisWasDownIsSeenOnceTheSubscriptionIsBack() async throws {
            try await Self.cluster { apps in
                let (a, b) = (apps[0], apps[1])
                let busB = try #require(b.application.invalidations as? RedisInvalidationBus)
                let user = AccountUser("scale-outage@example.com")
                try a.signIn(user)
                let token = try a.token(user)
                #expect(try Self.settings(b, token)["language"] as? String != "fr")  // B has the row cached
                try RedisRateLimitLiveTests.control("stop")
                do {
                    #expect(try await LiveApplication.eventually(within: 15) { !busB.stats.subscribed })
                    // The write succeeds (PostgreSQL is up); its event cannot reach B.
                    let (saved, _) = try a.object("PUT", "/api/auth/settings", as: user, json: ["language": "fr"])
                    #expect(saved == 200)
                } catch {
                    try? RedisRateLimitLiveTests.control("start")
                    throw error
                }
                try RedisRateLimitLiveTests.control("start")
                // B's subscription comes back by itself and drops every cache (counted after the listeners ran).
                #expect(try await LiveApplication.eventually(within: 30) { busB.stats.resubscriptions == 1 })
                #expect(try Self.settings(b, token)["language"] as? String == "fr")
                #expect(try Self.metric(b, "eloquent_invalidations_resubscriptions_total") == 1)
            }
        }

        @Test func aPlanSetOnOneInstanceIsSeenOnTheOthersAtOnce() async throws {
            try await Self.cluster { apps in
                let (a, b, c) = (apps[0], apps[1], apps[2])
                let user = AccountUser("scale-plan@example.com")
                let admin = AccountUser(AccountLive.adminEmail)
                try b.signIn(user)
                try a.signIn(admin)
                let token = try b.token(user)
                var limitsBefore: [Int] = []
                for app in [b, c] {
                    let validated = try StackFixture.jsonObject(try app.call("POST", "/api/auth/validate", token: token).body)
                    #expect(AccountJSONValue.object(validated["user"])["plan"] as? String == "free")
                    let stats = try app.call("GET", "/api/usage/stats", token: token)
                    #expect(stats.status == 200)
                    limitsBefore.append(try StackFixture.jsonObject(stats.body)["limit"] as? Int ?? -1)
                }

                let (planned, _) = try a.object("PUT", "/api/admin/users/\(user.id)/plan", as: admin, json: ["plan": "pro"])
                #expect(planned == 200)
                try await Self.settle(from: a, to: [b, c])
                for (index, app) in [b, c].enumerated() {
                    let validated = try StackFixture.jsonObject(try app.call("POST", "/api/auth/validate", token: token).body)
                    #expect(AccountJSONValue.object(validated["user"])["plan"] as? String == "pro")
                    let stats = try StackFixture.jsonObject(try app.call("GET", "/api/usage/stats", token: token).body)
                    let limit = stats["limit"] as? Int
                    #expect(limit != nil && limit != limitsBefore[index], "the usage figures still show the free plan's limit")
                }
            }
        }

        /// Stripe's webhook reaches one instance (nginx picks it); the plan it sets is what every instance answers next,
        /// though each had the subscription status cached (`RESPONSE_CACHE_TTL`) and the row (`USER_CACHE_TTL`).
        @Test func aPlanSetByAWebhookOnOneInstanceIsSeenOnTheOthersAtOnce() async throws {
            var billing = BillingTestHarness.prices
            billing["STRIPE_SECRET_KEY"] = BillingTestHarness.stripeKey
            billing["STRIPE_WEBHOOK_SECRET"] = BillingTestHarness.webhookSecret
            billing["STRIPE_API_BASE"] = "http://127.0.0.1:9"  // a webhook calls nothing at Stripe
            try await Self.cluster(billing) { apps in
                let (a, b, c) = (apps[0], apps[1], apps[2])
                let user = AccountUser("scale-webhook@example.com")
                try a.signIn(user)
                #expect(try await a.application.store.setStripeCustomer(userID: user.id, customerID: "cus_scale", now: 1))
                try await Self.settle(from: a, to: [b, c])
                for app in apps {
                    let (status, body) = try app.object("GET", "/api/subscriptions/status", as: user)
                    #expect(status == 200 && body["plan"] as? String == "free")
                }

                let payload = BillingTestHarness.subscriptionEvent(id: "evt_scale_1", type: "customer.subscription.created",
                                                                   created: 1000, customer: "cus_scale")
                let t = EpochClock.system.now()
                let signature = "t=\(t),v1=\(StripeTestSignature.v1(Array(payload.utf8), t: t, secret: BillingTestHarness.webhookSecret))"
                let delivered = try a.call("POST", "/api/webhooks/stripe", raw: Array(payload.utf8),
                                           headers: [("Stripe-Signature", signature)])
                #expect(delivered.status == 200)
                try await Self.settle(from: a, to: [b, c])
                for app in [b, c] {
                    let (status, body) = try app.object("GET", "/api/subscriptions/status", as: user)
                    #expect(status == 200 && body["plan"] as? String == "pro" && body["status"] as? String == "active")
                    let validated = AccountJSONValue.object(try app.validate(user)["user"])
                    #expect(validated["plan"] as? String == "pro")
                }
            }
        }

        @Test func logoutOnOneInstanceRevokesTheTokenOnTheOthers() async throws {
            try await Self.cluster { apps in
                let (a, b, c) = (apps[0], apps[1], apps[2])
                let user = AccountUser("scale-logout@example.com")
                try a.signIn(user)
                let token = try a.token(user)
                let other = try a.token(user, ttl: 900)  // another session of the same user
                #expect(token != other)
                for app in apps {
                    #expect(try app.call("GET", "/api/usage/stats", token: token).status == 200)
                    #expect(try app.call("POST", "/api/auth/validate", token: token).status == 200)
                }

                #expect(try a.call("POST", "/api/auth/logout", token: token).status == 200)
                try await Self.settle(from: a, to: [b, c])
                for app in [b, c] {
                    let validate = try app.call("POST", "/api/auth/validate", token: token)
                    #expect(validate.status == 401 && Self.error(validate) == "Token revoked")
                    let stats = try app.call("GET", "/api/usage/stats", token: token)
                    #expect(stats.status == 401 && Self.error(stats) == "Token revoked")
                    #expect(try app.call("POST", "/api/auth/validate", token: other).status == 200)
                }
            }
        }

        @Test func accountDeletionOnOneInstanceRefusesTheTokenOnTheOthers() async throws {
            try await Self.cluster { apps in
                let (a, b, c) = (apps[0], apps[1], apps[2])
                let user = AccountUser("scale-deleted@example.com")
                try c.signIn(user)
                let token = try c.token(user)
                for app in apps {
                    #expect(try app.call("GET", "/api/usage/stats", token: token).status == 200)
                    #expect(try app.call("POST", "/api/auth/validate", token: token).status == 200)
                }

                #expect(try a.call("DELETE", "/api/auth/account", token: token).status == 200)
                try await Self.settle(from: a, to: [b, c])
                for app in [b, c] {
                    let validate = try app.call("POST", "/api/auth/validate", token: token)
                    #expect(validate.status == 401 && Self.error(validate) == "Account deleted")
                    let stats = try app.call("GET", "/api/usage/stats", token: token)
                    #expect(stats.status == 401 && Self.error(stats) == "Account deleted")
                }
                #expect(try await b.application.store.user(id: user.id) == nil)
            }
        }
    }
}
