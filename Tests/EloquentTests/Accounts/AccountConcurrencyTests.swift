import Foundation
import Storage
import Testing
import TestSupport
@testable import Eloquent

/// A new user's first requests arriving together (sign-in from several devices, protected calls) create one row.
@Suite struct AccountConcurrencyTests {
    @Test func simultaneousFirstSignInsCreateExactlyOneUser() async throws {
        let clean = try await AccountLive.run { session in
            let user = AccountUser("twins@example.com")
            let token = try session.token(user)
            let requests = (0..<30).map { index -> [UInt8] in
                let body = Array(#"{"access_token":"\#(token)","deviceId":"device-\#(index % 3)"}"#.utf8)
                return StackLive.requestBytes("POST", "/api/auth/google", headers: [("Content-Type", "application/json")], body: body)
            }
            let protected = StackLive.requestBytes("GET", "/api/usage/stats", headers: [("Authorization", "Bearer " + token)])
            let clients = try (0..<40).map { _ in try RawClient(port: session.port, timeoutSeconds: 60) }
            for (index, client) in clients.enumerated() { try client.send(index < 30 ? requests[index] : protected) }
            let replies = try clients.map { try $0.readReply() }
            #expect(replies.allSatisfy { $0.status == 200 }, "\(replies.map(\.status))")
            let ids = try replies.prefix(30).compactMap { AccountJSONValue.object(try StackFixture.jsonObject($0.body)["user"])["id"] as? String }
            #expect(Set(ids) == [user.id])
            #expect(try await session.application.store.totalUsers() == 1)
            #expect(Set(try await session.application.store.devices(userID: user.id).map(\.deviceID)) == ["device-0", "device-1", "device-2"])
        }
        #expect(clean)
    }

    @Test func anInvalidDeviceIdRefusesTheSignInWithoutCreatingTheUser() async throws {
        let clean = try await AccountLive.run { session in
            let user = AccountUser("strict@example.com")
            for device in ["bad\u{0}id", "tab\u{7F}", String(repeating: "x", count: 201)] {
                let reply = try session.call("POST", "/api/auth/google", json: ["access_token": try session.token(user), "deviceId": device])
                #expect(reply.status == 400)
                #expect(try StackFixture.jsonObject(reply.body)["error"] as? String == "Invalid deviceId")
            }
            #expect(try await session.application.store.user(id: user.id) == nil)
            // An empty or blank deviceId is simply absent.
            #expect(try session.call("POST", "/api/auth/google", json: ["access_token": try session.token(user), "deviceId": "  "]).status == 200)
            #expect(try await session.application.store.devices(userID: user.id).isEmpty)
        }
        #expect(clean)
    }
}
