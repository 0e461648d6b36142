import Foundation
import Storage
import Testing
import TestSupport
@testable import Eloquent

/// `PUT /api/admin/users/bulk` and `GET /api/admin/stats`: really applied, really counted.
@Suite struct AdminBulkStatsTests {
    static let admin = AccountUser(AccountLive.adminEmail)

    @Test func bulkUpdateIsAppliedToEveryExistingUser() async throws {
        let clean = try await AccountLive.run { session in
            let first = AccountUser("b1@example.com")
            let second = AccountUser("b2@example.com")
            let untouched = AccountUser("b3@example.com")
            for user in [first, second, untouched] { try session.signIn(user) }
            let (status, json) = try session.object("PUT", "/api/admin/users/bulk", as: Self.admin, json: [
                "user_ids": [first.id, second.id, "missing-id", first.id], "updates": ["plan": "starter", "role": "admin"],
            ])
            #expect(status == 200)
            let results = AccountJSONValue.object(json["results"])
            #expect(results["successful"] as? Int == 2)
            #expect(results["failed"] as? Int == 1)
            #expect(results["total"] as? Int == 3)
            for user in [first, second] {
                let summary = AccountJSONValue.object(try session.validate(user)["user"])
                #expect(summary["plan"] as? String == "starter")
                #expect(summary["role"] as? String == "admin")
            }
            #expect(try session.object("GET", "/api/admin/stats", as: first).0 == 200)
            let other = AccountJSONValue.object(try session.validate(untouched)["user"])
            #expect(other["plan"] as? String == "free" && other["role"] as? String == "user")
        }
        #expect(clean)
    }

    @Test func bulkUpdateTakesOneToAHundredIdsAndValidValues() async throws {
        let clean = try await AccountLive.run { session in
            let user = AccountUser("bulk@example.com")
            try session.signIn(user)
            let hundred = [user.id] + (1..<100).map { "ghost-\($0)" }
            let (status, json) = try session.object("PUT", "/api/admin/users/bulk", as: Self.admin,
                                                    json: ["user_ids": hundred, "updates": ["plan": "pro"]])
            #expect(status == 200)
            #expect(AccountJSONValue.object(json["results"])["total"] as? Int == 100)
            #expect(AccountJSONValue.object(json["results"])["successful"] as? Int == 1)
            #expect(AccountJSONValue.object(try session.validate(user)["user"])["plan"] as? String == "pro")
            let refused: [(Any, String?)] = [
                (["user_ids": [String](), "updates": ["plan": "free"]], "No user IDs provided"),
                (["updates": ["plan": "free"]], "No user IDs provided"),
                (["user_ids": hundred + ["one-more"], "updates": ["plan": "free"]], "Too many users (max 100)"),
                (["user_ids": [user.id], "updates": ["plan": "gold"]], nil),
                (["user_ids": [user.id], "updates": ["role": "root"]], nil),
                (["user_ids": [user.id], "updates": [String: Any]()], nil),
                (["user_ids": [user.id]], nil),
                (["user_ids": user.id, "updates": ["plan": "free"]], nil),
                (["user_ids": [user.id], "updates": ["plan": "free", "role": "root"]], nil),
            ]
            for (body, message) in refused {
                let (bad, error) = try session.object("PUT", "/api/admin/users/bulk", as: Self.admin, json: body)
                #expect(bad == 400, "\(body)")
                if let message { #expect(error["error"] as? String == message) }
            }
            // None of the refused requests changed anything.
            #expect(AccountJSONValue.object(try session.validate(user)["user"])["plan"] as? String == "pro")
        }
        #expect(clean)
    }

    @Test func statsCountRealRows() async throws {
        let clean = try await AccountLive.run { session in
            let users = (1...3).map { AccountUser("s\($0)@example.com") }
            for user in users { try session.signIn(user) }
            #expect(try session.object("PUT", "/api/admin/users/\(users[0].id)/plan", as: Self.admin, json: ["plan": "pro"]).0 == 200)
            #expect(try session.object("PUT", "/api/admin/users/\(users[1].id)/plan", as: Self.admin, json: ["plan": "enterprise"]).0 == 200)
            #expect(try session.report(users[2], seconds: 30).0 == 200)
            #expect(try session.report(users[2], seconds: 3600).0 == 403)
            #expect(try session.report(users[0], seconds: 30).0 == 200)
            let (status, stats) = try session.object("GET", "/api/admin/stats", as: Self.admin)
            #expect(status == 200)
            #expect(stats["total_users"] as? Int == 4)
            #expect(stats["active_users_24h"] as? Int == 4)
            #expect(stats["recent_signups"] as? Int == 4)
            #expect(stats["total_requests"] as? Int == 2)
            #expect(AccountJSONValue.number(stats["success_rate"]) == 100)
            let plans = AccountJSONValue.object(stats["plans"])
            #expect(plans["free"] as? Int == 2)
            #expect(plans["pro"] as? Int == 1)
            #expect(plans["enterprise"] as? Int == 1)
            #expect(plans["starter"] as? Int == 0)
            #expect(plans["unlimited"] as? Int == 0)
            #expect(try session.object("DELETE", "/api/admin/users/\(users[1].id)", as: Self.admin).0 == 200)
            let after = try session.object("GET", "/api/admin/stats", as: Self.admin).1
            #expect(after["total_users"] as? Int == 3)
            #expect(AccountJSONValue.object(after["plans"])["enterprise"] as? Int == 0)
        }
        #expect(clean)
    }
}
