import Foundation
import Storage
import Testing
import TestSupport
@testable import Eloquent

/// The admin routes over one user: list, search, detail, plan, usage reset, delete — each really changes the store.
@Suite struct AdminUserTests {
    static let admin = AccountUser(AccountLive.adminEmail)

    @Test func listAndSearchAreRealAndSearchNeedsQ() async throws {
        let clean = try await AccountLive.run { session in
            let ada = AccountUser("ada.lovelace@example.com")
            let alan = AccountUser("alan@turing.test")
            try session.signIn(ada)
            try session.signIn(alan)
            let (status, list) = try session.object("GET", "/api/admin/users", as: Self.admin)
            #expect(status == 200)
            let users = list["users"] as? [[String: Any]] ?? []
            #expect(Set(users.compactMap { $0["id"] as? String }) == [ada.id, alan.id, Self.admin.id])
            let row = users.first { $0["id"] as? String == ada.id } ?? [:]
            #expect(row["email"] as? String == ada.email)
            #expect(row["plan"] as? String == "free")
            #expect(row["role"] as? String == "user")
            #expect(row["created_at"] is String && row["last_login"] is String)
            let (found, search) = try session.object("GET", "/api/admin/search?q=LOVELACE", as: Self.admin)
            #expect(found == 200)
            #expect((search["users"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [ada.id])
            #expect((try session.object("GET", "/api/admin/search?q=%25", as: Self.admin).1["users"] as? [Any])?.isEmpty == true)
            #expect((try session.object("GET", "/api/admin/search?q=example&limit=1", as: Self.admin).1["users"] as? [Any])?.count == 1)
            for target in ["/api/admin/search", "/api/admin/search?q=", "/api/admin/search?q=%20%20"] {
                let (bad, json) = try session.object("GET", target, as: Self.admin)
                #expect(bad == 400, "\(target)")
                #expect(json["error"] as? String == "Search query is required")
            }
            for target in ["/api/admin/search?q=a&limit=0", "/api/admin/search?q=a&limit=101", "/api/admin/users?limit=x",
                           "/api/admin/users/plan/gold"] {
                #expect(try session.object("GET", target, as: Self.admin).0 == 400, "\(target)")
            }
            let (_, byPlan) = try session.object("GET", "/api/admin/users/plan/free", as: Self.admin)
            #expect((byPlan["users"] as? [Any])?.count == 3)
        }
        #expect(clean)
    }

    @Test func detailShowsRealUsageRecords() async throws {
        let clean = try await AccountLive.run { session in
            let user = AccountUser("detail@example.com")
            try session.signIn(user)
            #expect(try session.report(user, seconds: 90, mode: "grammar").0 == 200)
            #expect(try session.report(user, seconds: 45).0 == 200)
            let (status, json) = try session.object("GET", "/api/admin/users/\(user.id)", as: Self.admin)
            #expect(status == 200)
            #expect(AccountJSONValue.object(json["user"])["email"] as? String == user.email)
            #expect(AccountJSONValue.object(json["usage_stats"])["current_month"] as? Int == 3)
            let logs = json["usage_logs"] as? [[String: Any]] ?? []
            #expect(logs.compactMap { AccountJSONValue.number($0["seconds"]) } == [45, 90])
            #expect(logs.last?["mode"] as? String == "grammar")
            #expect(logs.allSatisfy { $0["user_id"] as? String == user.id })
            let (missing, error) = try session.object("GET", "/api/admin/users/no-such-user", as: Self.admin)
            #expect(missing == 404)
            #expect(error["error"] as? String == "User not found")
        }
        #expect(clean)
    }

    @Test func settingThePlanReallyChangesIt() async throws {
        let clean = try await AccountLive.run { session in
            let user = AccountUser("upgrade@example.com")
            try session.signIn(user)
            for body: Any in [["plan": "gold"], ["plan": ""], ["plan": 3], [String: Any](), ["plan": "PRO"]] {
                #expect(try session.object("PUT", "/api/admin/users/\(user.id)/plan", as: Self.admin, json: body).0 == 400, "\(body)")
            }
            let (unknown, unknownJSON) = try session.object("PUT", "/api/admin/users/nobody/plan", as: Self.admin, json: ["plan": "pro"])
            #expect(unknown == 404)
            #expect(unknownJSON["error"] as? String == "User not found")
            #expect(AccountJSONValue.object(try session.validate(user)["user"])["plan"] as? String == "free")
            let (status, json) = try session.object("PUT", "/api/admin/users/\(user.id)/plan", as: Self.admin, json: ["plan": "pro"])
            #expect(status == 200)
            #expect(json["plan"] as? String == "pro")
            let validated = try session.validate(user)
            #expect(AccountJSONValue.object(validated["user"])["plan"] as? String == "pro")
            let subscription = AccountJSONValue.object(validated["subscription"])
            #expect(subscription["plan"] as? String == "pro")
            #expect(AccountJSONValue.object(subscription["limits"])["minutes"] as? Int == 600)
            #expect(AccountJSONValue.object(validated["usage"])["limit"] as? Int == 600)
            // The new plan's limit applies at once: 61 minutes is no longer past it.
            #expect(try session.report(user, seconds: 3660).0 == 200)
            #expect(try session.object("PUT", "/api/admin/users/\(user.id)/plan", as: Self.admin, json: ["plan": "unlimited"]).0 == 200)
            let unlimited = try session.stats(user)
            #expect(unlimited["limit"] as? Int == -1 && unlimited["remaining"] as? Int == -1)
        }
        #expect(clean)
    }

    @Test func resettingUsageSetsTheMonthBackToZero() async throws {
        let clean = try await AccountLive.run { session in
            let user = AccountUser("reset@example.com")
            try session.signIn(user)
            #expect(try session.report(user, seconds: 3600).0 == 200)
            #expect(try session.report(user, seconds: 1).0 == 403)
            let (status, json) = try session.object("POST", "/api/admin/users/\(user.id)/reset-usage", as: Self.admin)
            #expect(status == 200)
            #expect(json["message"] as? String == "User usage reset successfully")
            let stats = try session.stats(user)
            #expect(stats["current_month"] as? Int == 0)
            #expect(stats["remaining"] as? Int == 60)
            #expect(try await session.monthSeconds(user) == 0)
            #expect(try session.report(user, seconds: 60).0 == 200)
            #expect(try session.object("POST", "/api/admin/users/ghost/reset-usage", as: Self.admin).0 == 404)
        }
        #expect(clean)
    }

    @Test func deletingAUserRemovesThemButNeverTheAdminThemself() async throws {
        let clean = try await AccountLive.run { session in
            let user = AccountUser("doomed@example.com")
            try session.signIn(user, deviceId: "d1")
            #expect(try session.report(user, seconds: 10).0 == 200)
            let (selfDelete, selfJSON) = try session.object("DELETE", "/api/admin/users/\(Self.admin.id)", as: Self.admin)
            #expect(selfDelete == 400)
            #expect(selfJSON["error"] as? String == "Cannot delete your own account")
            #expect(try await session.application.store.user(id: Self.admin.id) != nil)
            let (status, _) = try session.object("DELETE", "/api/admin/users/\(user.id)", as: Self.admin)
            #expect(status == 200)
            #expect(try session.object("GET", "/api/admin/users/\(user.id)", as: Self.admin).0 == 404)
            #expect(try session.object("DELETE", "/api/admin/users/\(user.id)", as: Self.admin).0 == 404)
            #expect(try await session.application.store.devices(userID: user.id).isEmpty)
            #expect(try await session.application.store.usageHistory(userID: user.id, limit: 10).isEmpty)
        }
        #expect(clean)
    }
}
