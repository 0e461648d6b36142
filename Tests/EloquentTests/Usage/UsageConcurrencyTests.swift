import Foundation
import Storage
import Testing
import TestSupport
@testable import Eloquent

/// Many simultaneous usage reports of one user, each on its own connection, add up exactly.
@Suite struct UsageConcurrencyTests {
    @Test func aHundredConcurrentOneSecondReportsAddUpToExactlyAHundredSeconds() async throws {
        let clean = try await AccountLive.run { session in
            let user = AccountUser("race@example.com")
            try session.signIn(user)
            let token = try session.token(user)
            let body = Array(#"{"duration_seconds":1,"mode":"standard","language":"en"}"#.utf8)
            let request = StackLive.requestBytes("POST", "/api/usage/report", headers: [
                ("Authorization", "Bearer " + token), ("Content-Type", "application/json"),
            ], body: body)
            // Every connection is open and every request sent before the first reply is read, so that the server
            // handles them all at once.
            let clients = try (0..<100).map { _ in try RawClient(port: session.port, timeoutSeconds: 60) }
            for client in clients { try client.send(request) }
            let replies = try clients.map { try $0.readReply() }
            #expect(replies.allSatisfy { $0.status == 200 })
            let totals = try replies.compactMap { AccountJSONValue.object(try StackFixture.jsonObject($0.body)["usage"])["current_month"] as? Int }
            #expect(totals.count == 100)
            #expect(totals.max() == 2)
            #expect(try await session.monthSeconds(user) == 100)
            let history = try session.history(user, limit: 500)
            #expect(history.count == 100)
            #expect(history.compactMap { AccountJSONValue.number($0["seconds"]) }.reduce(0, +) == 100)
            #expect(try session.stats(user)["current_month"] as? Int == 2)
        }
        #expect(clean)
    }

    @Test func concurrentReportsNeverPassTheLimit() async throws {
        let clean = try await AccountLive.run { session in
            let user = AccountUser("edge@example.com")
            try session.signIn(user)
            #expect(try session.report(user, seconds: 3590).0 == 200)
            let token = try session.token(user)
            let request = StackLive.requestBytes("POST", "/api/usage/report", headers: [
                ("Authorization", "Bearer " + token), ("Content-Type", "application/json"),
            ], body: Array(#"{"duration_seconds":1}"#.utf8))
            let clients = try (0..<40).map { _ in try RawClient(port: session.port, timeoutSeconds: 60) }
            for client in clients { try client.send(request) }
            let statuses = try clients.map { try $0.readReply().status }
            #expect(statuses.filter { $0 == 200 }.count == 10)
            #expect(statuses.filter { $0 == 403 }.count == 30)
            #expect(try await session.monthSeconds(user) == 3600)
        }
        #expect(clean)
    }
}
