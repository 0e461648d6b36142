import Foundation
import Storage
import Testing
import TestSupport
@testable import Eloquent

/// Metering wired into `POST /api/transcribe/audio`, against a loopback stand-in for the provider.
@Suite struct UsageMeteringTests {
    /// Runs `body` with a stand-in provider and an application that uses it.
    static func withProvider(_ body: (AccountSession, AccountProviderStandIn) async throws -> Void) async throws -> Bool {
        let provider = try AccountProviderStandIn()
        let clean = try await AccountLive.run(provider.environment) { session in try await body(session, provider) }
        return provider.stop() && clean
    }

    static func transcribe(_ session: AccountSession, _ user: AccountUser, fields: [(String, String)] = [],
                           audio: [UInt8] = AccountUpload.wav()) throws -> (Int, [String: Any]) {
        let form = AccountUpload.form(audio: audio, fields: fields)
        let reply = try StackLive.send(session.port, "/api/transcribe/audio", method: "POST", headers: [
            ("Authorization", "Bearer " + session.token(user)), ("Content-Type", form.contentType),
        ], body: form.body)
        return (reply.status, try StackFixture.jsonObject(reply.body))
    }

    @Test func aSuccessChargesTheProvidersDurationAndAnswersWithTheNewFigures() async throws {
        let clean = try await Self.withProvider { session, provider in
            let user = AccountUser("talk@example.com")
            try session.signIn(user)
            let (status, json) = try Self.transcribe(session, user, fields: [("language", "en")])
            #expect(status == 200, "\(json)")
            #expect(json["success"] as? Bool == true)
            #expect(json["text"] as? String == "hello from the stand-in")
            #expect(json["mode"] as? String == "standard")
            let usage = AccountJSONValue.object(json["usage"])
            #expect(usage["current_month"] as? Int == 2)
            #expect(usage["limit"] as? Int == 60)
            #expect(usage["remaining"] as? Int == 58)
            #expect(provider.calls == 1)
            #expect(try await session.monthSeconds(user) == 90)
            #expect(try session.stats(user)["current_month"] as? Int == 2)
            let history = try session.history(user)
            #expect(history.count == 1)
            #expect(AccountJSONValue.number(history.first?["seconds"]) == 90)
            #expect(history.first?["success"] as? Bool == true)
            #expect(history.first?["language"] as? String == "en")
        }
        #expect(clean)
    }

    @Test func aProviderFailureIs502ChargesNothingAndIsRecordedAsFailed() async throws {
        let clean = try await Self.withProvider { session, provider in
            let user = AccountUser("fail@example.com")
            try session.signIn(user)
            #expect(try session.report(user, seconds: 30).0 == 200)
            provider.fail(with: 500)
            let (status, json) = try Self.transcribe(session, user)
            #expect(status == 502, "\(json)")
            #expect((json["error"] as? String)?.isEmpty == false)
            #expect(provider.calls >= 1)
            #expect(try await session.monthSeconds(user) == 30)
            #expect(try session.stats(user)["current_month"] as? Int == 1)
            let history = try session.history(user)
            #expect(history.count == 2)
            #expect(history.first?["success"] as? Bool == false)
            #expect(AccountJSONValue.number(history.first?["seconds"]) == 0)
            #expect((history.first?["error_message"] as? String)?.isEmpty == false)
            #expect(history.last?["success"] as? Bool == true)
            // The same audio succeeds once the provider recovers: nothing failed was cached.
            provider.fail(with: nil)
            #expect(try Self.transcribe(session, user).0 == 200)
            #expect(try await session.monthSeconds(user) == 120)
        }
        #expect(clean)
    }

    @Test func aUserAtTheLimitIsRefusedBeforeTheUploadIsRead() async throws {
        let clean = try await Self.withProvider { session, provider in
            let user = AccountUser("full@example.com")
            try session.signIn(user)
            #expect(try session.report(user, seconds: 3600).0 == 200)
            // Only the head and a few bytes of a 5 MB upload are sent: the answer must not wait for the rest.
            let form = AccountUpload.form()
            let client = try RawClient(port: session.port, timeoutSeconds: 30)
            let head = "POST /api/transcribe/audio HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(try session.token(user))\r\n"
                + "Content-Type: \(form.contentType)\r\nContent-Length: 5000000\r\n\r\n"
            try client.send(Array(head.utf8) + form.body.prefix(512))
            let reply = try client.readReply()
            #expect(reply.status == 403)
            let json = try StackFixture.jsonObject(reply.body)
            #expect(json["error"] as? String == "Usage limit reached")
            #expect(json["currentUsage"] as? Int == 60)
            #expect(json["limit"] as? Int == 60)
            #expect(json["upgradeUrl"] as? String == "/upgrade")
            #expect(provider.calls == 0)
            #expect(try await session.monthSeconds(user) == 3600)
        }
        #expect(clean)
    }

    @Test func rewriteOnTheFreePlanIs403WithTheCurrentPlan() async throws {
        let clean = try await Self.withProvider { session, provider in
            let user = AccountUser("rw@example.com")
            try session.signIn(user)
            let (status, json) = try Self.transcribe(session, user, fields: [("mode", "rewrite")])
            #expect(status == 403)
            #expect(json["error"] as? String == "AI rewrite requires the starter, pro, unlimited or enterprise plan")
            #expect(json["plans"] as? [String] == ["starter", "pro", "unlimited", "enterprise"])
            #expect(json["currentPlan"] as? String == "free")
            #expect(json["upgradeUrl"] as? String == "/upgrade")
            #expect(provider.calls == 0)
            #expect(try await session.monthSeconds(user) == 0)
            #expect(try Self.transcribe(session, user, fields: [("mode", "dance")]).0 == 400)
            #expect(provider.calls == 0)
            #expect(try await session.monthSeconds(user) == 0)
        }
        #expect(clean)
    }
}
