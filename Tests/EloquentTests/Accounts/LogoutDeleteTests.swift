@testable import Identity
import Foundation
import Storage
import Testing
import TestSupport
@testable import Eloquent

/// `POST /api/auth/logout` evicts the token; `DELETE /api/auth/account` removes the user's rows.
@Suite struct AccountLogoutDeleteTests {
    @Test func logoutEvictsTheTokenFromTheCache() async throws {
        let clean = try await AccountLive.run { session in
            let user = AccountUser("bye@example.com")
            let other = AccountUser("stay@example.com")
            let token = try session.token(user)
            let otherToken = try session.token(other)
            #expect(try session.call("POST", "/api/auth/validate", token: token).status == 200)
            #expect(try session.call("POST", "/api/auth/validate", token: otherToken).status == 200)
            let verifier = session.application.verifier
            let before = verifier.cacheStats.entries
            #expect(before == 2)
            let reply = try session.call("POST", "/api/auth/logout", token: token)
            #expect(reply.status == 200)
            #expect(try StackFixture.jsonObject(reply.body)["success"] as? Bool == true)
            #expect(verifier.cacheStats.entries == before - 1)
            #expect(verifier.cachedIdentity(for: token) == nil)
            #expect(verifier.cachedIdentity(for: otherToken)?.userID == other.id)
            #expect(try session.call("POST", "/api/auth/logout").status == 401)
        }
        #expect(clean)
    }

    @Test func deletingTheAccountRemovesTheUsersRows() async throws {
        let clean = try await AccountLive.run { session in
            let user = AccountUser("gone@example.com")
            let bystander = AccountUser("bystander@example.com")
            try session.signIn(user, deviceId: "phone")
            try session.signIn(bystander, deviceId: "tablet")
            #expect(try session.report(user, seconds: 90).0 == 200)
            #expect(try session.report(bystander, seconds: 30).0 == 200)
            #expect(try session.object("PUT", "/api/auth/settings", as: user, json: ["language": "es"]).0 == 200)
            let token = try session.token(user)
            let reply = try session.call("DELETE", "/api/auth/account", token: token)
            #expect(reply.status == 200)
            #expect(try StackFixture.jsonObject(reply.body)["success"] as? Bool == true)
            let store = session.application.store
            #expect(try await store.user(id: user.id) == nil)
            #expect(try await store.devices(userID: user.id).isEmpty)
            #expect(try await store.usageHistory(userID: user.id, limit: 100).isEmpty)
            #expect(try await session.monthSeconds(user) == 0)
            #expect(session.application.verifier.cachedIdentity(for: token) == nil)
            // The bystander keeps everything.
            #expect(try await store.user(id: bystander.id) != nil)
            #expect(try await session.monthSeconds(bystander) == 30)
            #expect(try await store.devices(userID: bystander.id).count == 1)
            // Issue 11: the account leaves a tombstone; its tokens, even fresh ones, never recreate it.
            let again = try session.call("POST", "/api/auth/google", json: ["access_token": try session.token(user)])
            #expect(again.status == 401)
            #expect(try StackFixture.jsonObject(again.body)["error"] as? String == "Account deleted")
            #expect(try await store.user(id: user.id) == nil)
            #expect(try session.call("DELETE", "/api/auth/account").status == 401)
        }
        #expect(clean)
    }
}
