import Foundation
import Storage
import Testing
import TestSupport
@testable import Eloquent

/// `/api/usage/*` through the real server: seconds stored, minutes shown rounded up, history, the monthly limit.
@Suite struct UsageReportTests {
    @Test func reportsAddSecondsAndStatsRoundUpToWholeMinutes() async throws {
        let clean = try await AccountLive.run { session in
            let user = AccountUser("meter@example.com")
            try session.signIn(user)
            let (first, firstJSON) = try session.report(user, seconds: 90)
            #expect(first == 200)
            #expect(firstJSON["success"] as? Bool == true)
            #expect(AccountJSONValue.object(firstJSON["usage"])["current_month"] as? Int == 2)
            let (second, secondJSON) = try session.report(user, seconds: 125)
            #expect(second == 200)
            #expect(AccountJSONValue.object(secondJSON["usage"])["current_month"] as? Int == 4)
            let stats = try session.stats(user)
            #expect(stats["current_month"] as? Int == 4)
            #expect(stats["limit"] as? Int == 60)
            #expect(stats["remaining"] as? Int == 56)
            #expect(try await session.monthSeconds(user) == 215)
            // A fraction of a second still shows as a started minute.
            #expect(try session.report(user, seconds: 0.5).0 == 200)
            #expect(try session.stats(user)["current_month"] as? Int == 4)
            #expect(try session.report(user, seconds: 25).0 == 200)
            #expect(try session.stats(user)["current_month"] as? Int == 5)
        }
        #expect(clean)
    }

    @Test func historyIsNewestFirstAndHonoursLimit() async throws {
        let clean = try await AccountLive.run { session in
            let user = AccountUser("hist@example.com")
            let other = AccountUser("other@example.com")
            try session.signIn(user)
            #expect(try session.history(user).isEmpty)
            for (index, seconds) in [10, 20, 30, 40].enumerated() {
                #expect(try session.report(user, seconds: seconds, mode: index == 3 ? "rewrite" : "grammar").0 == 200)
            }
            #expect(try session.report(other, seconds: 50).0 == 200)
            let all = try session.history(user)
            #expect(all.compactMap { AccountJSONValue.number($0["seconds"]) } == [40, 30, 20, 10])
            #expect(all.allSatisfy { $0["user_id"] as? String == user.id && $0["success"] as? Bool == true })
            #expect(all.first?["mode"] as? String == "rewrite")
            #expect(all.first?["type"] as? String == "ai_rewrite")
            #expect(all.last?["type"] as? String == "transcription")
            #expect(all.first?["language"] as? String == "en")
            #expect(all.first?["created_at"] is String)
            let ids = all.compactMap { $0["id"] as? Int }
            #expect(ids == ids.sorted(by: >))
            let two = try session.history(user, limit: 2)
            #expect(two.compactMap { AccountJSONValue.number($0["seconds"]) } == [40, 30])
            #expect(try session.history(user, limit: 1).count == 1)
            #expect(try session.history(user, limit: 500).count == 4)
        }
        #expect(clean)
    }

    @Test func aBadHistoryLimitIs400() async throws {
        let clean = try await AccountLive.run { session in
            let user = AccountUser("lim@example.com")
            for limit in ["0", "-1", "501", "abc", "1.5", "", "99999999999999999999", "%00"] {
                let (status, json) = try session.object("GET", "/api/usage/history?limit=" + limit, as: user)
                #expect(status == 400, "limit \(limit)")
                #expect((json["error"] as? String)?.contains("limit") == true)
            }
            #expect(try session.call("GET", "/api/usage/history").status == 401)
            #expect(try session.call("GET", "/api/usage/stats").status == 401)
            #expect(try session.call("POST", "/api/usage/report", json: ["duration_seconds": 1]).status == 401)
        }
        #expect(clean)
    }

    @Test func aReportPastTheMonthlyLimitIs403AndChargesNothing() async throws {
        let clean = try await AccountLive.run { session in
            let user = AccountUser("cap@example.com")
            try session.signIn(user)
            #expect(try session.report(user, seconds: 3000).0 == 200)
            let (status, json) = try session.report(user, seconds: 601)
            #expect(status == 403)
            #expect(json["error"] as? String == "Usage limit reached")
            #expect(json["currentUsage"] as? Int == 50)
            #expect(json["limit"] as? Int == 60)
            #expect(json["upgradeUrl"] as? String == "/upgrade")
            #expect(try await session.monthSeconds(user) == 3000)
            #expect(try session.history(user).count == 1)
            // Exactly up to the limit is allowed; one second more is not.
            #expect(try session.report(user, seconds: 600).0 == 200)
            #expect(try session.stats(user)["remaining"] as? Int == 0)
            #expect(try session.report(user, seconds: 1).0 == 403)
            #expect(try await session.monthSeconds(user) == 3600)
        }
        #expect(clean)
    }

    @Test func badReportBodiesAre400() async throws {
        let clean = try await AccountLive.run { session in
            let user = AccountUser("junk@example.com")
            try session.signIn(user)
            let values: [Any] = [-1, 0, -0.0, "NaN", "Infinity", "90", "1e3", 1e12, 86_401, true, NSNull(), [90], ["s": 90]]
            for value in values {
                let (status, json) = try session.report(user, seconds: value)
                #expect(status == 400, "duration_seconds \(value)")
                #expect((json["error"] as? String)?.isEmpty == false)
            }
            let raws = [
                "", "{}", #"{"mode":"standard"}"#, #"{"duration_seconds":NaN}"#, #"{"duration_seconds":Infinity}"#,
                #"{"duration_seconds":1e999}"#, #"{"duration_seconds":-1e999}"#, #"{"duration_seconds":12"#, "[1]", "null",
                #"{"duration_seconds":10,"mode":"dance"}"#, #"{"duration_seconds":10,"mode":5}"#,
                #"{"duration_seconds":10,"language":""}"#, #"{"duration_seconds":10,"language":"\#(String(repeating: "l", count: 17))"}"#,
            ]
            for raw in raws {
                let reply = try session.call("POST", "/api/usage/report", token: session.token(user), raw: Array(raw.utf8))
                #expect(reply.status == 400, "body \(raw)")
            }
            #expect(try await session.monthSeconds(user) == 0)
            #expect(try session.history(user).isEmpty)
        }
        #expect(clean)
    }
}
