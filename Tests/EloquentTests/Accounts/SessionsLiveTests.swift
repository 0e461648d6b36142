@testable import Basics
import Foundation
import HTTP1
import Storage
import Synchronization
import TestSupport
import Testing
@testable import Eloquent
@testable import HTTPServer

/// Issue 11 over real sockets: logout revokes the token until it expires; deletion (user or admin) cancels the
/// Stripe subscription, removes the data and leaves a tombstone; a transcription in flight during deletion ends in a
/// 4xx; API keys for plans with `api_access`.
@Suite struct AccountSessionsLiveTests {
    static func error(_ reply: RawClient.Reply) -> String? {
        (try? StackFixture.jsonObject(reply.body))?["error"] as? String
    }

    @Test func logoutRevokesThePresentedTokenOnly() async throws {
        let clean = try await FlowLive.run { s in
            let token = try s.token("leaver")
            let other = try s.token("leaver", ttl: 900)
            #expect(try s.send("POST", "/api/auth/validate", token: token).status == 200)
            #expect(try s.send("POST", "/api/auth/logout", token: token).status == 200)
            let after = try s.send("POST", "/api/auth/validate", token: token)
            #expect(after.status == 401 && Self.error(after) == "Token revoked")
            let openAI = try s.send("GET", "/v1/models", token: token)
            #expect(openAI.status == 401)
            #expect((try StackFixture.jsonObject(openAI.body)["error"] as? [String: Any])?["message"] as? String == "Token revoked")
            let signIn = try s.send("POST", "/api/auth/google", json: #"{"access_token":"\#(token)"}"#)
            #expect(signIn.status == 401)
            // The user's other session goes on.
            #expect(try s.send("POST", "/api/auth/validate", token: other).status == 200)
        }
        #expect(clean)
    }

    @Test func revocationsAndTombstonesSurviveARestart() async throws {
        let directory = try LiveApplication.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let settings = ["RATE_LIMIT_REQUESTS": "100000"]
        var revoked = "", deleted = "", kept = ""
        let first = try await LiveApplication.run(settings, directory: directory) { live in
            let s = FlowSession(port: live.port, config: live.config, application: live.application)
            revoked = try s.token("leaver")
            kept = try s.token("leaver", ttl: 900)
            deleted = try s.token("doomed")
            #expect(try s.send("POST", "/api/auth/logout", token: revoked).status == 200)
            #expect(try s.send("POST", "/api/auth/validate", token: deleted).status == 200)
            #expect(try s.send("DELETE", "/api/auth/account", token: deleted).status == 200)
        }
        // A new process on the same data: the logout and the deletion still hold (they are rows, not memory).
        let second = try await LiveApplication.run(settings, directory: directory) { live in
            let s = FlowSession(port: live.port, config: live.config, application: live.application)
            let afterLogout = try s.send("POST", "/api/auth/validate", token: revoked)
            #expect(afterLogout.status == 401 && Self.error(afterLogout) == "Token revoked")
            let afterDeletion = try s.send("POST", "/api/auth/validate", token: deleted)
            #expect(afterDeletion.status == 401 && Self.error(afterDeletion) == "Account deleted")
            #expect(try await s.application.store.user(id: "doomed") == nil)
            #expect(try s.send("POST", "/api/auth/validate", token: kept).status == 200)
        }
        #expect(first && second)
    }

    @Test func aDeletedAccountsTokensGet401AndNeverRecreateIt() async throws {
        let clean = try await FlowLive.run(["ADMIN_EMAILS": "root@example.com"]) { s in
            let token = try s.token("doomed")
            #expect(try s.send("POST", "/api/usage/report", token: token, json: #"{"duration_seconds":30}"#).status == 200)
            #expect(try s.send("DELETE", "/api/auth/account", token: token).status == 200)
            for (method, path) in [("POST", "/api/auth/validate"), ("GET", "/api/usage/stats"), ("GET", "/api/subscriptions/status")] {
                let reply = try s.send(method, path, token: token)
                #expect(reply.status == 401 && Self.error(reply) == "Account deleted", "\(path)")
            }
            #expect(try await s.application.store.user(id: "doomed") == nil)
            #expect(try await s.application.store.usageHistory(userID: "doomed", limit: 10).isEmpty)

            // An admin deletion leaves the same tombstone.
            let admin = try s.token("root", email: "root@example.com")
            let victim = try await s.user("victim", plan: .pro)
            #expect(try s.send("DELETE", "/api/admin/users/victim", token: admin).status == 200)
            let victimReply = try s.send("GET", "/api/usage/stats", token: victim)
            #expect(victimReply.status == 401 && Self.error(victimReply) == "Account deleted")
            #expect(try await s.application.store.user(id: "victim") == nil)
            #expect(try s.send("DELETE", "/api/admin/users/nobody-here", token: admin).status == 404)
        }
        #expect(clean)
    }

    @Test func deletionCancelsTheStripeSubscription() async throws {
        let stripe = try StripeCancelStandIn()
        let clean = try await FlowLive.run(["STRIPE_SECRET_KEY": "sk_test_cancel_0123456789", "STRIPE_WEBHOOK_SECRET": "whsec_cancel_test", "STRIPE_API_BASE": stripe.baseURL]) { s in
            let token = try await s.user("subscriber", plan: .pro)
            _ = try await s.application.store.applySubscription(
                SubscriptionChange(userID: "subscriber", plan: .pro, status: "active", subscriptionID: "sub_live123",
                                   periodEnd: 1_900_000_000, eventCreatedAt: 1), now: 1)
            let (_, status) = try s.object("GET", "/api/subscriptions/status", token: token)
            #expect(status["status"] as? String == "active" && status["endDate"] as? String == "2030-03-17T17:46:40.000Z")
            // Stripe refuses first: nothing is deleted, the token still works.
            stripe.failing.withLock { $0 = true }
            let refused = try s.send("DELETE", "/api/auth/account", token: token)
            #expect(refused.status == 502)
            #expect(try await s.application.store.user(id: "subscriber") != nil)
            #expect(try s.send("GET", "/api/usage/stats", token: token).status == 200)
            stripe.failing.withLock { $0 = false }
            #expect(try s.send("DELETE", "/api/auth/account", token: token).status == 200)
            #expect(stripe.calls.withLock { $0 }.suffix(1) == ["DELETE /v1/subscriptions/sub_live123 Bearer sk_test_cancel_0123456789"])
            #expect(try await s.application.store.user(id: "subscriber") == nil)
        }
        #expect(stripe.stop() && clean)
    }

    @Test func aTranscriptionInFlightWhenItsAccountIsDeletedEndsIn401() async throws {
        let provider = try StandInProvider()
        let clean = try await FlowLive.run(TranscriptionLive.providerEnvironment(baseURL: provider.baseURL)) { s in
            let token = try await s.user("midflight", plan: .pro)
            provider.reply = .held(TranscriptionLive.transcript)
            let form = AccountUpload.form()
            let port = s.port
            let pending = Task.detached { () throws -> (Int, String) in
                // A generous read timeout: the answer comes only after the deletion and the release below.
                let client = try RawClient(port: port, timeoutSeconds: 60)
                try client.send(StackLive.requestBytes("POST", "/api/transcribe/audio", headers: [
                    ("Authorization", "Bearer " + token), ("Content-Type", form.contentType)], body: form.body))
                let reply = try client.readReply()
                return (reply.status, reply.text)
            }
            #expect(try await TranscriptionLive.eventually { provider.waitingCount == 1 })
            #expect(try s.send("DELETE", "/api/auth/account", token: token).status == 200)
            provider.release()
            let (status, text) = try await pending.value
            #expect(status == 401 && (try? StackFixture.jsonObject(Array(text.utf8)))?["error"] as? String == "Account deleted", "\(status) \(text)")
            #expect(try await s.application.store.user(id: "midflight") == nil)
            #expect(try await s.application.store.usageHistory(userID: "midflight", limit: 10).isEmpty)
        }
        #expect(provider.stop() && clean)
    }

    @Test func apiKeysForPlansWithAPIAccess() async throws {
        let clean = try await FlowLive.run { s in
            let pro = try await s.user("key-pro", plan: .pro)
            let refused = try s.send("POST", "/api/keys", token: pro, json: #"{"name":"laptop"}"#)
            #expect(refused.status == 403)
            let refusal = try StackFixture.jsonObject(refused.body)
            #expect(refusal["upgradeUrl"] as? String == "/upgrade" && refusal["plans"] as? [String] == ["unlimited", "enterprise"])

            let owner = try await s.user("key-owner", plan: .unlimited)
            let created = try s.send("POST", "/api/keys", token: owner, json: #"{"name":"CI runner"}"#)
            #expect(created.status == 201, "\(created.text)")
            let json = try StackFixture.jsonObject(created.body)
            let key = try #require(json["key"] as? String)
            let id = try #require(json["id"] as? String)
            #expect(key.hasPrefix("elq_") && json["prefix"] as? String == String(key.prefix(16)))
            #expect(json["name"] as? String == "CI runner" && json["created_at"] is String)
            // Stored as a hash: the key itself is nowhere in the store.
            let record = try #require(try await s.application.sessions.keys.apiKey(prefix: String(key.prefix(16))))
            #expect(record.secretHash == SessionGuard.sha256Hex(key) && record.secretHash != key)

            let listed = try s.send("GET", "/api/keys", token: owner)
            #expect(!listed.text.contains(key))
            let keys = try StackFixture.jsonObject(listed.body)["keys"] as? [[String: Any]] ?? []
            #expect(keys.count == 1 && keys.first?["last_used_at"] is NSNull && keys.first?["id"] as? String == id)

            // Accepted wherever a bearer token is.
            #expect(try s.send("GET", "/v1/models", token: key).status == 200)
            #expect(try s.send("GET", "/api/usage/stats", token: key).status == 200)
            let used = try StackFixture.jsonObject(try s.send("GET", "/api/keys", token: owner).body)["keys"] as? [[String: Any]] ?? []
            #expect(used.first?["last_used_at"] is String)
            // Not written per request: only the batch writes it.
            #expect(try await s.application.sessions.keys.apiKey(prefix: String(key.prefix(16)))?.lastUsedAt == nil)
            await s.application.sessions.flushKeyUse()
            #expect(try await s.application.sessions.keys.apiKey(prefix: String(key.prefix(16)))?.lastUsedAt != nil)

            // A forged secret behind a real prefix, and garbage: 401.
            let forged = String(key.prefix(17)) + String(repeating: "A", count: 40)
            let forgedReply = try s.send("GET", "/v1/models", token: forged)
            #expect(forgedReply.status == 401)
            #expect((try StackFixture.jsonObject(forgedReply.body)["error"] as? [String: Any])?["code"] as? String == "invalid_api_key")
            #expect(try s.send("GET", "/v1/models", token: "elq_short").status == 401)
            // Someone else cannot delete it; logout with a key is refused with a clear message.
            #expect(try s.send("DELETE", "/api/keys/\(id)", token: pro).status == 404)
            #expect(try s.send("POST", "/api/auth/logout", token: key).status == 400)
            // A plan without api_access: the key is refused with the plan 403.
            _ = try await s.application.store.setPlan(userID: "key-owner", plan: .pro, now: 1)
            #expect(try s.send("GET", "/v1/models", token: key).status == 403)
            _ = try await s.application.store.setPlan(userID: "key-owner", plan: .enterprise, now: 2)
            #expect(try s.send("GET", "/v1/models", token: key).status == 200)
            // Revocation is immediate.
            #expect(try s.send("DELETE", "/api/keys/\(id)", token: owner).status == 200)
            #expect(try s.send("GET", "/v1/models", token: key).status == 401)
            #expect(try s.send("DELETE", "/api/keys/\(id)", token: owner).status == 404)
            // Bad names.
            #expect(try s.send("POST", "/api/keys", token: owner, json: #"{"name":"a\u0001b"}"#).status == 400)
        }
        #expect(clean)
    }
}

/// Stripe's `DELETE /v1/subscriptions/:id`, on the project's own server: records each call, fails on demand.
final class StripeCancelStandIn: Sendable {
    let calls = Mutex<[String]>([])
    let failing = Mutex(false)
    private let server: HTTPServer
    let port: Int

    init() throws {
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.eventLoops = 1
        configuration.shutdownTimeout = .seconds(2)
        var router = Router()
        let box = Box()
        router.delete("/v1/subscriptions/:id") { request in
            let id = request.parameters["id"] ?? ""
            box.owner?.calls.withLock { $0.append("DELETE \(request.path) \(request.headers["Authorization"] ?? "")") }
            if box.owner?.failing.withLock({ $0 }) == true {
                return .json(#"{"error":{"type":"api_error","message":"try later"}}"#, status: 500)
            }
            return .json(#"{"id":\#(JSON.quote(id)),"object":"subscription","status":"canceled"}"#)
        }
        server = HTTPServer(configuration: configuration, responder: router, logger: StackFixture.quietLogger)
        port = try server.start()
        box.owner = self
    }

    final class Box: @unchecked Sendable { weak var owner: StripeCancelStandIn? }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    func stop() -> Bool {
        server.shutdown()
        return server.waitUntilStopped()
    }
}
