@testable import Basics
import Foundation
import Logging
import Storage
import TestSupport
import Testing
@testable import Eloquent

/// Issue 11 over real sockets: the desktop client's field names and values, usage history without refusals and with
/// readable reasons, the plan 403, HTTP-layer refusals through the app's header path and error shapes, the resolved
/// client address in logs, and `/ready`.
@Suite struct ClientFlowLiveTests {
    static func usage(_ json: [String: Any]) -> [String: Any] { json["usage"] as? [String: Any] ?? [:] }
    static func subscription(_ json: [String: Any]) -> [String: Any] { json["subscription"] as? [String: Any] ?? [:] }

    // MARK: Field names and values (item 2)

    @Test func everyRouteSpeaksTheClientsFieldNamesAndOneStatusVocabulary() async throws {
        let clean = try await FlowLive.run { s in
            let token = try s.token("free-user")
            let (signInStatus, signIn) = try s.object("POST", "/api/auth/google", json: #"{"access_token":"\#(token)"}"#)
            #expect(signInStatus == 200)
            #expect(Self.usage(signIn)["currentMonth"] as? Int == 0 && Self.usage(signIn)["current_month"] as? Int == 0)
            #expect(Self.subscription(signIn)["status"] as? String == "free")
            #expect(Self.subscription(signIn).keys.contains("endDate") && Self.subscription(signIn)["endDate"] is NSNull)

            #expect(try s.object("POST", "/api/usage/report", token: token,
                                 json: #"{"duration_seconds":90,"mode":"standard","language":"en"}"#).0 == 200)
            let (_, validate) = try s.object("POST", "/api/auth/validate", token: token)
            #expect(Self.subscription(validate)["status"] as? String == "free" && Self.subscription(validate)["endDate"] is NSNull)
            #expect(Self.usage(validate)["currentMonth"] as? Int == 2 && Self.usage(validate)["current_month"] as? Int == 2)
            let (_, status) = try s.object("GET", "/api/subscriptions/status", token: token)
            #expect(status["status"] as? String == "free" && status.keys.contains("endDate") && status["endDate"] is NSNull)
            let (_, stats) = try s.object("GET", "/api/usage/stats", token: token)
            #expect(stats["currentMonth"] as? Int == 2 && stats["current_month"] as? Int == 2 && stats["remaining"] as? Int == 58)
            let (_, report) = try s.object("POST", "/api/usage/report", token: token, json: #"{"duration_seconds":35}"#)
            #expect(Self.usage(report)["currentMonth"] as? Int == 3 && Self.usage(report)["current_month"] as? Int == 3)

            // A plan granted without Stripe is `active` on every route.
            let pro = try await s.user("pro-user", plan: .pro)
            let (_, proValidate) = try s.object("POST", "/api/auth/validate", token: pro)
            let (_, proStatus) = try s.object("GET", "/api/subscriptions/status", token: pro)
            let (_, proSignIn) = try s.object("POST", "/api/auth/google", json: #"{"access_token":"\#(pro)"}"#)
            #expect(Self.subscription(proValidate)["status"] as? String == "active")
            #expect(proStatus["status"] as? String == "active")
            #expect(Self.subscription(proSignIn)["status"] as? String == "active")
            #expect(proStatus["endDate"] is NSNull)
        }
        #expect(clean)
    }

    @Test func checkoutAcceptsTheOlderClientsIntervals() async throws {
        try await BillingTestHarness.run { h in
            let month = try h.post("/api/subscriptions/create-checkout", user: "user-m", json: #"{"plan":"pro","interval":"month"}"#)
            #expect(month.status == 200, "\(month.text)")
            let year = try h.post("/api/subscriptions/create-checkout", user: "user-m", json: #"{"plan":"pro","interval":"year"}"#)
            #expect(year.status == 200, "\(year.text)")
            let sessions = h.stripe.requests(to: "/v1/checkout/sessions")
            #expect(sessions.map { $0.form["line_items[0][price]"] } == ["price_pro_m", "price_pro_y"])
            let weekly = try h.post("/api/subscriptions/create-checkout", user: "user-m", json: #"{"plan":"pro","interval":"week"}"#)
            #expect(weekly.status == 400)
            #expect((try StackFixture.jsonObject(weekly.body)["error"] as? String)?.contains("monthly or yearly") == true)
            #expect(h.stripe.requests(to: "/v1/checkout/sessions").count == 2)
        }
    }

    // MARK: Usage history and the plan 403 (item 3)

    static func upload(_ s: FlowSession, token: String, fields: [(String, String)] = [], audio: [UInt8]? = nil) throws -> (Int, [String: Any]) {
        let form = AccountUpload.form(audio: audio ?? AccountUpload.wav(), fields: fields)
        let reply = try s.send("POST", "/api/transcribe/audio", token: token, headers: [("Content-Type", form.contentType)], body: form.body)
        return (reply.status, try StackFixture.jsonObject(reply.body))
    }

    static func history(_ s: FlowSession, _ token: String) throws -> [[String: Any]] {
        try s.object("GET", "/api/usage/history", token: token).1["history"] as? [[String: Any]] ?? []
    }

    @Test func refusalsLeaveNoRecordAndProviderFailuresReadableOnes() async throws {
        let provider = try StandInProvider()
        let clean = try await FlowLive.run(TranscriptionLive.providerEnvironment(baseURL: provider.baseURL)) { s in
            let free = try await s.user("history-free", plan: .free)
            // The plan 403 names the plans that have the feature.
            let (rewrite, refusal) = try Self.upload(s, token: free, fields: [("mode", "rewrite")])
            #expect(rewrite == 403)
            #expect(refusal["error"] as? String == "AI rewrite requires the starter, pro, unlimited or enterprise plan")
            #expect(refusal["plans"] as? [String] == ["starter", "pro", "unlimited", "enterprise"])
            #expect(refusal["requiredFeature"] as? String == "ai_rewrite" && refusal["currentPlan"] as? String == "free")
            // Validation refusals.
            #expect(try Self.upload(s, token: free, fields: [("mode", "dance")]).0 == 400)
            #expect(try Self.upload(s, token: free, audio: Array("not audio at all".utf8)).0 == 400)
            #expect(try Self.history(s, free).isEmpty)
            #expect(provider.transcriptionRecords.isEmpty)

            // The starter plan has ai_rewrite: no refusal (the stand-in's chat answers).
            let starter = try await s.user("history-starter", plan: .starter)
            provider.chat = .answer("Rewritten.")
            let (starterStatus, starterJSON) = try Self.upload(s, token: starter, fields: [("mode", "rewrite")])
            #expect(starterStatus == 200, "\(starterJSON)")

            // Failures met at the provider are recorded, each with a short readable reason.
            provider.reply = .status(403, body: #"{"error":{"message":"Invalid API Key"}}"#, headers: [("Content-Type", "application/json")])
            #expect(try Self.upload(s, token: free).0 == 502)
            provider.reply = .status(400, body: #"{"error":{"message":"audio too short"}}"#, headers: [("Content-Type", "application/json")])
            #expect(try Self.upload(s, token: free, audio: AccountUpload.wav(samples: 8000)).0 == 400)
            let history = try Self.history(s, free)
            #expect(history.count == 2)
            let reasons = history.compactMap { $0["error_message"] as? String }
            #expect(reasons == ["audio too short (400)", "Transcription provider refused this server's credentials (502)"])
            #expect(history.allSatisfy { $0["success"] as? Bool == false })
            for reason in reasons {
                #expect(!reason.contains("HTTPError(") && !reason.contains("TranscriptionFailure") && reason.count < 120)
            }
        }
        #expect(provider.stop() && clean)
    }

    // MARK: HTTP-layer refusals (item 4)

    static func expectStackHeaders(_ reply: RawClient.Reply, requestID: String? = nil, _ what: String) {
        if let requestID {
            #expect(reply.header("X-Request-ID") == requestID, "\(what)")
        } else {
            #expect(StackFixture.isGeneratedID(reply.header("X-Request-ID")), "\(what)")
        }
        #expect(reply.header("X-Response-Time")?.hasSuffix("ms") == true, "\(what)")
        #expect(reply.header("X-Server-Time")?.isEmpty == false, "\(what)")
        #expect(reply.header("Access-Control-Allow-Origin") == "*", "\(what)")
        #expect(reply.header("Connection")?.lowercased() == "close", "\(what)")
    }

    static func openAIError(_ reply: RawClient.Reply) throws -> [String: Any] {
        let json = try StackFixture.jsonObject(reply.body)
        return json["error"] as? [String: Any] ?? [:]
    }

    @Test func refusalsDecidedByTheHTTPLayerGoThroughTheStack() async throws {
        let clean = try await FlowLive.run(["MAX_BODY_BYTES": "64KiB", "MAX_HEADER_BYTES": "4KiB"]) { s in
            // 413 from Content-Length, before the body: OpenAI's shape under /v1, the desktop one elsewhere.
            let big = try s.send("POST", "/v1/audio/transcriptions",
                                 headers: [("Origin", "https://app.example"), ("X-Request-ID", "client-id-413"),
                                           ("Content-Length", "1000000"), ("Content-Type", "multipart/form-data; boundary=x")])
            #expect(big.status == 413)
            Self.expectStackHeaders(big, requestID: "client-id-413", "413 /v1")
            let error = try Self.openAIError(big)
            #expect(error["code"] as? String == "request_too_large" && error["type"] as? String == "invalid_request_error")
            let desktop = try s.send("POST", "/api/transcribe/audio", headers: [("Origin", "https://app.example"), ("Content-Length", "1000000")])
            #expect(desktop.status == 413)
            Self.expectStackHeaders(desktop, "413 /api")
            #expect(try StackFixture.jsonObject(desktop.body)["error"] as? String == "Request too large")

            // 431: a head larger than MAX_HEADER_BYTES.
            let client = try RawClient(port: s.port)
            try client.send("GET /v1/models HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example\r\nX-Request-ID: client-id-431\r\n"
                            + "X-Filler: " + String(repeating: "a", count: 6000) + "\r\n\r\n")
            let large = try client.readReply()
            #expect(large.status == 431)
            Self.expectStackHeaders(large, requestID: "client-id-431", "431")
            #expect(try Self.openAIError(large)["message"] as? String != nil)

            // 400: a malformed head.
            let bad = try RawClient(port: s.port)
            try bad.send("GET /v1/models HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example\r\nBroken header line\r\n\r\n")
            let badReply = try bad.readReply()
            #expect(badReply.status == 400)
            Self.expectStackHeaders(badReply, "400")
            #expect(try Self.openAIError(badReply)["type"] as? String == "invalid_request_error")
            let badDesktop = try RawClient(port: s.port)
            try badDesktop.send("GET /api/usage/stats HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example\r\nBroken\r\n\r\n")
            let badDesktopReply = try badDesktop.readReply()
            #expect(badDesktopReply.status == 400)
            #expect(try StackFixture.jsonObject(badDesktopReply.body)["error"] is String)

            // Unknown /v1 paths and methods: OpenAI's shape.
            let missing = try s.send("GET", "/v1/nothing-here", headers: [("Origin", "https://app.example")])
            #expect(missing.status == 404)
            #expect(try Self.openAIError(missing)["type"] as? String == "not_found_error")
            let wrongMethod = try s.send("DELETE", "/v1/models")
            #expect(wrongMethod.status == 405 && wrongMethod.header("Allow")?.contains("GET") == true)
            #expect(try Self.openAIError(wrongMethod)["message"] as? String == "Method not allowed")
            #expect(try Self.openAIError(try s.send("GET", "/v1"))["type"] as? String == "not_found_error")

            // The refusals are counted like any response.
            let metrics = try StackLive.send(s.port, "/metrics").text
            #expect(metrics.contains("status=\"413\"") && metrics.contains("status=\"431\""))
        }
        #expect(clean)
    }

    @Test func aHeadThatNeverEndsGets408InTheRoutesShape() async throws {
        let clean = try await FlowLive.run(["HEADER_TIMEOUT": "1s"]) { s in
            let client = try RawClient(port: s.port)
            try client.send("GET /v1/models HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example\r\nX-Request-ID: slow-head\r\n")
            let reply = try client.readReply()
            #expect(reply.status == 408)
            Self.expectStackHeaders(reply, requestID: "slow-head", "408")
            #expect(try Self.openAIError(reply)["message"] as? String == "Request header timeout")
        }
        #expect(clean)
    }

    // MARK: Resolved client address in logs (item 5)

    @Test func logsNameTheResolvedClientNotTheProxy() async throws {
        let (logger, sink) = capturingLogger(format: .json, level: .info)
        let clean = try await FlowLive.run(logger: logger) { s in
            _ = try s.send("GET", "/api/no-such-route", headers: [("X-Forwarded-For", "198.51.100.23, 127.0.0.1")])
        }
        #expect(clean)
        let lines = try sink.lines.map(parseJSONLogLine).filter { $0["msg"] as? String == "client error response" }
        #expect(lines.count == 1)
        let fields = lines.first ?? [:]
        #expect(fields["client"] as? String == "198.51.100.23", "\(lines)")
        #expect(fields["peer"] as? String == "127.0.0.1")

        // From an untrusted peer the header is ignored.
        let (strictLogger, strictSink) = capturingLogger(format: .json, level: .info)
        let strictClean = try await FlowLive.run(["TRUSTED_PROXIES": "none"], logger: strictLogger) { s in
            _ = try s.send("GET", "/api/no-such-route", headers: [("X-Forwarded-For", "198.51.100.23")])
        }
        #expect(strictClean)
        let strict = try strictSink.lines.map(parseJSONLogLine).filter { $0["msg"] as? String == "client error response" }
        let strictFields = strict.first ?? [:]
        #expect(strictFields["client"] as? String == "127.0.0.1")
    }

    // MARK: /ready (item 6)

    @Test func readyNamesEachDependencyAndFollowsTheStore() async throws {
        let provider = try StandInProvider()
        let directory = try StackFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try await FlowLive.run(TranscriptionLive.providerEnvironment(baseURL: provider.baseURL)) { s in
            let ready = try s.send("GET", "/ready")
            #expect(ready.status == 200)
            let json = try StackFixture.jsonObject(ready.body)
            #expect(json["status"] as? String == "ready" && json["store"] as? String == "ok")
            #expect(json["redis"] as? String == "disabled")
            #expect(json["provider"] as? String == "ok")
            // The store becomes unusable: not ready, and says why.
            try await s.application.backing.close()
            let down = try s.send("GET", "/ready")
            #expect(down.status == 503 && down.header("Retry-After") != nil)
            let downJSON = try StackFixture.jsonObject(down.body)
            #expect(downJSON["status"] as? String == "unavailable" && downJSON["store"] as? String == "unavailable")
        }
        #expect(provider.stop())
        // A provider nobody answers for is reported, yet the instance is ready (every instance shares it).
        let clean = try await FlowLive.run(["TRANSCRIPTION_PROVIDER": "local", "LOCAL_WHISPER_URL": "http://127.0.0.1:9/v1"]) { s in
            let ready = try s.send("GET", "/ready")
            #expect(ready.status == 200)
            let json = try StackFixture.jsonObject(ready.body)
            #expect(json["provider"] as? String == "unreachable" && json["store"] as? String == "ok")
        }
        #expect(clean)
    }
}
