import Foundation
import Storage
import Testing
import TestSupport
@testable import Eloquent

/// Who reaches `/api/admin/*`: `ADMIN_EMAILS` or a stored role `admin`; everyone else gets 403.
@Suite struct AdminAccessTests {
    static var routes: [(String, String)] {
        [
            ("GET", "/api/admin/users"), ("GET", "/api/admin/search?q=a"), ("GET", "/api/admin/stats"),
            ("GET", "/api/admin/users/plan/free"), ("GET", "/api/admin/users/someone"), ("PUT", "/api/admin/users/someone/plan"),
            ("PUT", "/api/admin/users/someone/role"), ("POST", "/api/admin/users/someone/reset-usage"),
            ("DELETE", "/api/admin/users/someone"), ("PUT", "/api/admin/users/bulk"),
        ]
    }

    @Test func aNonAdminGets403OnEveryAdminRouteAndNoTokenGets401() async throws {
        let clean = try await AccountLive.run { session in
            let user = AccountUser("plain@example.com")
            try session.signIn(user)
            for (method, target) in Self.routes {
                let json: Any? = method == "PUT" ? ["plan": "pro", "role": "admin", "user_ids": [user.id], "updates": ["plan": "pro"]] : nil
                let reply = try session.call(method, target, token: session.token(user), json: json)
                #expect(reply.status == 403, "\(method) \(target)")
                #expect(try StackFixture.jsonObject(reply.body)["error"] as? String == "Admin access required")
                #expect(try session.call(method, target).status == 401, "\(method) \(target)")
            }
            // Nothing was changed by the refused calls.
            let stored = try await session.application.store.user(id: user.id)
            #expect(stored?.role == .user)
            #expect(stored?.plan == .free)
        }
        #expect(clean)
    }

    @Test func anEmailInAdminEmailsIsAdminWhateverItsCase() async throws {
        let clean = try await AccountLive.run(["ADMIN_EMAILS": "other@example.com, Boss@Example.com"]) { session in
            let admin = AccountUser("boss@EXAMPLE.com")
            let (status, json) = try session.object("GET", "/api/admin/users", as: admin)
            #expect(status == 200)
            #expect((json["users"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [admin.id])
            let lookalike = AccountUser("boss@example.com.evil.test")
            #expect(try session.object("GET", "/api/admin/users", as: lookalike).0 == 403)
        }
        #expect(clean)
    }

    @Test func aStoredAdminRoleGrantsAccessAndRevokingItTakesItAway() async throws {
        let clean = try await AccountLive.run { session in
            let admin = AccountUser(AccountLive.adminEmail)
            let helper = AccountUser("helper@example.com")
            try session.signIn(helper)
            #expect(try session.object("GET", "/api/admin/stats", as: helper).0 == 403)
            let (granted, grantJSON) = try session.object("PUT", "/api/admin/users/\(helper.id)/role", as: admin, json: ["role": "admin"])
            #expect(granted == 200)
            #expect(grantJSON["role"] as? String == "admin")
            #expect(try session.object("GET", "/api/admin/stats", as: helper).0 == 200)
            #expect(AccountJSONValue.object(try session.validate(helper)["user"])["role"] as? String == "admin")
            #expect(try session.object("PUT", "/api/admin/users/\(helper.id)/role", as: admin, json: ["role": "user"]).0 == 200)
            #expect(try session.object("GET", "/api/admin/stats", as: helper).0 == 403)
            for body: Any in [["role": "superuser"], ["role": ""], ["role": 1], [String: Any](), ["roles": "admin"]] {
                #expect(try session.object("PUT", "/api/admin/users/\(helper.id)/role", as: admin, json: body).0 == 400, "\(body)")
            }
            #expect(try session.object("PUT", "/api/admin/users/nobody-here/role", as: admin, json: ["role": "admin"]).0 == 404)
            #expect(try await session.application.store.user(id: helper.id)?.role == .user)
        }
        #expect(clean)
    }
}
