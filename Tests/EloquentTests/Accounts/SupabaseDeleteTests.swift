import Foundation
import Storage
import Testing
import TestSupport
@testable import Eloquent

/// `DELETE /api/auth/account` with Supabase configured: the auth user is deleted through the admin API first, and
/// the local rows only when that worked.
@Suite struct AccountSupabaseDeleteTests {
    @Test func theSupabaseUserIsDeletedWithTheAccount() async throws {
        let supabase = try AccountSupabaseStandIn()
        let clean = try await AccountLive.run(supabase.environment) { session in
            let user = AccountUser("sb@example.com")
            try session.signIn(user)
            #expect(try session.report(user, seconds: 12).0 == 200)
            let reply = try session.call("DELETE", "/api/auth/account", token: session.token(user))
            #expect(reply.status == 200)
            #expect(supabase.log.calls == [AccountSupabaseCall(userID: user.id, authorization: "Bearer " + AccountSupabaseStandIn.serviceKey,
                                                               apiKey: AccountSupabaseStandIn.serviceKey)])
            #expect(try await session.application.store.user(id: user.id) == nil)
            #expect(try await session.application.store.usageHistory(userID: user.id, limit: 10).isEmpty)
        }
        #expect(supabase.stop() && clean)
    }

    @Test func aSupabaseRefusalKeepsTheAccount() async throws {
        let supabase = try AccountSupabaseStandIn()
        let clean = try await AccountLive.run(supabase.environment) { session in
            let user = AccountUser("keep@example.com")
            try session.signIn(user)
            #expect(try session.report(user, seconds: 12).0 == 200)
            supabase.log.answer(with: 500)
            let reply = try session.call("DELETE", "/api/auth/account", token: session.token(user))
            #expect(reply.status == 502)
            #expect(supabase.log.calls.count >= 1)
            #expect(try await session.application.store.user(id: user.id) != nil)
            #expect(try await session.monthSeconds(user) == 12)
            // Supabase's 404 (the auth user is already gone) still lets the local rows go.
            supabase.log.answer(with: 404)
            #expect(try session.call("DELETE", "/api/auth/account", token: session.token(user)).status == 200)
            #expect(try await session.application.store.user(id: user.id) == nil)
        }
        #expect(supabase.stop() && clean)
    }
}
