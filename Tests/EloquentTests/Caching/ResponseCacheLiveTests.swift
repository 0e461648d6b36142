import Basics
import Compression
import Foundation
import Identity
import Storage
import TestSupport
import Testing
@testable import Eloquent

/// `RESPONSE_CACHE_TTL` through the whole application: answers kept per user until a write changes what they show,
/// and `USER_CACHE_TTL`/`TOKEN_CACHE_TTL` entries dropped by the writes that make them stale (SPEC sections 6, 10).
@Suite struct ResponseCacheLiveTests {
    @Test func statsAreKeptUntilAWriteOfThisServiceChangesThem() async throws {
        let clean = try await AccountLive.run { app in
            let user = AccountUser("cached-stats@example.com")
            try app.signIn(user)
            #expect(try app.stats(user)["current_month"] as? Int == 0)
            #expect(try app.history(user).isEmpty)
            // Usage written behind the service's back (no announcement): the kept answers are still served.
            _ = try await app.application.backing.recordUsage(
                UsageEntry(userID: user.id, seconds: 120, mode: "standard", language: "en", processingTimeMs: 0, success: true),
                now: SystemClock.wallClock().seconds, limitSeconds: nil)
            #expect(try app.stats(user)["current_month"] as? Int == 0)
            #expect(try app.history(user).isEmpty)
            // A report through the service drops the user's answers: both figures are read again.
            #expect(try app.report(user, seconds: 60).0 == 200)
            #expect(try app.stats(user)["current_month"] as? Int == 3)
            #expect(try app.history(user).count == 2)
            #expect(app.application.responseCache.stats.hits >= 2)
        }
        #expect(clean)
    }

    @Test func aPlanChangeIsSeenAtOnceByStatsAndSubscriptionStatus() async throws {
        let clean = try await AccountLive.run { app in
            let user = AccountUser("cached-plan@example.com")
            let admin = AccountUser(AccountLive.adminEmail)
            try app.signIn(user)
            try app.signIn(admin)
            let before = try app.stats(user)
            let (statusBefore, subscriptionBefore) = try app.object("GET", "/api/subscriptions/status", as: user)
            #expect(statusBefore == 200)
            let (planned, _) = try app.object("PUT", "/api/admin/users/\(user.id)/plan", as: admin, json: ["plan": "pro"])
            #expect(planned == 200)
            let after = try app.stats(user)
            let (_, subscriptionAfter) = try app.object("GET", "/api/subscriptions/status", as: user)
            #expect("\(before)" != "\(after)")
            #expect("\(subscriptionBefore)" != "\(subscriptionAfter)")
            #expect("\(after)".contains("pro") || "\(subscriptionAfter)".contains("pro"))
        }
        #expect(clean)
    }

    @Test func answersAreKeptPerUserAndPerQuery() async throws {
        let clean = try await AccountLive.run { app in
            let (a, b) = (AccountUser("cached-a@example.com"), AccountUser("cached-b@example.com"))
            try app.signIn(a)
            try app.signIn(b)
            #expect(try app.report(a, seconds: 30).0 == 200)
            #expect(try app.report(a, seconds: 30).0 == 200)
            #expect(try app.history(a, limit: 1).count == 1)
            #expect(try app.history(a, limit: 2).count == 2)
            #expect(try app.history(a, limit: 1).count == 1)
            #expect(try app.history(b).isEmpty)
            #expect(try app.stats(a)["current_month"] as? Int == 1)
            #expect(try app.stats(b)["current_month"] as? Int == 0)
        }
        #expect(clean)
    }

    @Test func zeroTurnsTheResponseCacheOff() async throws {
        let clean = try await AccountLive.run(["RESPONSE_CACHE_TTL": "0"]) { app in
            let user = AccountUser("uncached@example.com")
            try app.signIn(user)
            #expect(try app.stats(user)["current_month"] as? Int == 0)
            _ = try await app.application.backing.recordUsage(
                UsageEntry(userID: user.id, seconds: 120, mode: "standard", language: "en", processingTimeMs: 0, success: true),
                now: SystemClock.wallClock().seconds, limitSeconds: nil)
            #expect(try app.stats(user)["current_month"] as? Int == 2)
            #expect(app.application.responseCache.stats.hits == 0)
        }
        #expect(clean)
    }

    @Test func aCachedTokenIsRefusedRightAfterLogoutAndAfterDeletion() async throws {
        let clean = try await AccountLive.run { app in
            let user = AccountUser("cached-logout@example.com")
            try app.signIn(user)
            let token = try app.token(user)
            #expect(try app.call("GET", "/api/usage/stats", token: token).status == 200)
            #expect(app.application.verifier.cachedIdentity(for: token) != nil)
            #expect(try app.call("POST", "/api/auth/logout", token: token).status == 200)
            #expect(app.application.verifier.cachedIdentity(for: token) == nil)
            let refused = try app.call("GET", "/api/usage/stats", token: token)
            #expect(refused.status == 401)
            #expect(String(decoding: refused.body, as: UTF8.self).contains("Token revoked"))

            let other = AccountUser("cached-deleted@example.com")
            try app.signIn(other)
            let first = try app.token(other), second = try app.token(other, ttl: 900)
            #expect(try app.call("GET", "/api/usage/stats", token: first).status == 200)
            #expect(try app.call("GET", "/api/usage/stats", token: second).status == 200)
            #expect(try app.call("DELETE", "/api/auth/account", token: first).status == 200)
            let gone = try app.call("GET", "/api/usage/stats", token: second)
            #expect(gone.status == 401)
            #expect(String(decoding: gone.body, as: UTF8.self).contains("Account deleted"))
        }
        #expect(clean)
    }

    @Test func anEventFromElsewhereDropsRowsIdentitiesAndAnswers() async throws {
        let clean = try await AccountLive.run { app in
            let user = AccountUser("cached-remote@example.com")
            try app.signIn(user)
            let token = try app.token(user)
            #expect(try app.call("GET", "/api/usage/stats", token: token).status == 200)
            // Another instance changed the plan and announced it: here only the announcement arrives.
            _ = try await app.application.backing.setPlan(userID: user.id, plan: .pro, now: SystemClock.wallClock().seconds)
            let stale = String(decoding: try app.call("GET", "/api/usage/stats", token: token).body, as: UTF8.self)
            app.application.invalidations.publish(.user(user.id))
            let fresh = String(decoding: try app.call("GET", "/api/usage/stats", token: token).body, as: UTF8.self)
            #expect(stale != fresh)
            // A logout elsewhere: the revocation row plus its announcement.
            try await app.application.backing.revoke(tokenHash: TokenDigest(of: token).hex, expiresAt: Int(Int32.max))
            #expect(try app.call("GET", "/api/usage/stats", token: token).status == 200)  // identity still cached
            app.application.invalidations.publish(.token(TokenDigest(of: token).hex))
            #expect(try app.call("GET", "/api/usage/stats", token: token).status == 401)
        }
        #expect(clean)
    }

    @Test func aKeptAnswerIsCompressedOnceAndServedSoToClientsThatAsk() async throws {
        let clean = try await AccountLive.run { app in
            let user = AccountUser("cached-gzip@example.com")
            try app.signIn(user)
            for _ in 0..<30 { #expect(try app.report(user, seconds: 1).0 == 200) }
            let token = try app.token(user)
            let plain = try app.call("GET", "/api/usage/history", token: token)
            #expect(plain.status == 200 && plain.body.count > 1024)
            #expect(plain.header("Content-Encoding") == nil)
            let compressedBefore = app.application.metrics.compressedResponses
            for round in 0..<3 {
                let reply = try app.call("GET", "/api/usage/history", token: token, headers: [("Accept-Encoding", "gzip")])
                #expect(reply.status == 200)
                #expect(reply.header("Content-Encoding") == "gzip", "round \(round)")
                #expect(reply.header("Vary")?.contains("Accept-Encoding") == true)
                #expect(try Inflater.decompress(reply.body, coding: .gzip, maxOutput: 1 << 20) == plain.body)
            }
            let deflated = try app.call("GET", "/api/usage/history", token: token, headers: [("Accept-Encoding", "deflate")])
            #expect(deflated.header("Content-Encoding") == "deflate")
            #expect(try Inflater.decompress(deflated.body, coding: .deflate, maxOutput: 1 << 20) == plain.body)
            #expect(app.application.metrics.compressedResponses == compressedBefore + 4)
            // The identity answer is still served as it was.
            #expect(try app.call("GET", "/api/usage/history", token: token).body == plain.body)
            #expect(app.application.responseCache.stats.hits >= 5)
        }
        #expect(clean)
    }
}
