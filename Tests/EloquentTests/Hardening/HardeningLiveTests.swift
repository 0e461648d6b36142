import Foundation
import Glibc
import HTTPServer
import Identity
import Logging
import Testing
import TestSupport
@testable import Eloquent

/// Defects found by hostile testing (issue 12), each a regression test against the real server.
@Suite struct HardeningLiveTests {
    /// Every route that reads its body in this configuration, with a Content-Type it accepts (billing routes answer 503
    /// before reading anything while Stripe is not configured).
    static let bodyRoutes: [(method: String, path: String, contentType: String)] = [
        ("POST", TranscriptionUpload.desktopPath, "multipart/form-data; boundary=XyZ"),
        ("POST", TranscriptionUpload.openAIPath, "multipart/form-data; boundary=XyZ"),
        ("POST", "/openai/v1/audio/transcriptions", "multipart/form-data; boundary=XyZ"),
        ("PUT", "/api/auth/settings", "application/json"),
        ("POST", "/api/usage/report", "application/json"),
    ]

    /// Chunk framing a decoder must refuse: data longer than its size, a size that is not hex, bare LF line ends.
    static let badBodies = ["5\r\nhelloXX\r\n0\r\n\r\n", "zz\r\n", "5\nhello\n0\n\n"]

    @Test func malformedChunkedBodiesAre400OnEveryRoute() async throws {
        let clean = try await TranscriptionLive.withProvider { provider, session in
            for route in Self.bodyRoutes {
                for body in Self.badBodies {
                    let client = try RawClient(port: session.port)
                    let head = "\(route.method) \(route.path) HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(session.token)\r\n"
                        + "Content-Type: \(route.contentType)\r\nStripe-Signature: t=1,v1=00\r\nTransfer-Encoding: chunked\r\n\r\n"
                    try client.send(head + body)
                    let reply = try client.readReply()
                    #expect(reply.status == 400, "\(route.method) \(route.path) with \(body.debugDescription): \(reply.status)")
                    #expect(try client.isClosedByServer(), "\(route.path) keeps the connection after a framing error")
                }
            }
            #expect(provider.transcriptionRecords.isEmpty)
            // No 5xx was counted.
            let metrics = try StackLive.send(session.port, "/metrics").text
            #expect(!metrics.split(separator: "\n").contains { $0.hasPrefix("eloquent_http_requests_total") && $0.contains("status=\"5") })
        }
        #expect(clean)
    }

    @Test func malformedChunkedBodiesAre400OnTheBillingRoutes() async throws {
        let billing = ["STRIPE_SECRET_KEY": "sk_test_hardening_0123456789", "STRIPE_WEBHOOK_SECRET": "whsec_hardening",
                       "STRIPE_PRICE_PRO": "price_pro_m", "STRIPE_API_BASE": "http://127.0.0.1:9"]
        let routes = ["/api/subscriptions/create-checkout", "/api/subscriptions/create-portal", "/api/webhooks/stripe"]
        let clean = try await TranscriptionLive.withProvider(billing) { _, session in
            for path in routes {
                for body in Self.badBodies {
                    let client = try RawClient(port: session.port)
                    try client.send("POST \(path) HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(session.token)\r\n"
                        + "Content-Type: application/json\r\nStripe-Signature: t=1,v1=00\r\nTransfer-Encoding: chunked\r\n\r\n" + body)
                    let reply = try client.readReply()
                    #expect(reply.status == 400, "POST \(path) with \(body.debugDescription): \(reply.status)")
                }
            }
        }
        #expect(clean)
    }

    @Test func malformedChunkedBodiesLogNoErrors() async throws {
        let directory = try StackFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (logger, sink) = capturingLogger(format: .json, level: .info)
        let config = try Config.load(environment: StackLive.environment(directory: directory, ["LOG_LEVEL": "info"]), dotEnvPath: nil)
        let application = try await Application(config: config, logger: logger)
        let server = HTTPServer(configuration: ServerConfiguration(config), responder: application.makeResponder(),
                                errorRenderer: AppErrorRenderer(), logger: logger, state: application.state)
        let port = try server.start()
        let token = try TokenMinter.mint(sub: "0e7c3b9a-1d2f-4e5a-8b6c-7d8e9f0a1b2c", email: "chunks@example.com",
                                         secret: IdentitySetup.secret(for: config))
        var statuses: [Int] = []
        for route in Self.bodyRoutes {
            for body in Self.badBodies {
                let client = try RawClient(port: port)
                try client.send("\(route.method) \(route.path) HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(token)\r\n"
                    + "Content-Type: \(route.contentType)\r\nTransfer-Encoding: chunked\r\n\r\n" + body)
                statuses.append(try client.readReply().status)
            }
        }
        server.shutdown()
        #expect(server.waitUntilStopped())
        #expect(await application.shutdown())
        #expect(statuses == Array(repeating: 400, count: Self.bodyRoutes.count * Self.badBodies.count))
        let levels = try sink.lines.compactMap { try parseJSONLogLine($0)["level"] as? String }
        #expect(!levels.isEmpty)
        #expect(!levels.contains("error") && !levels.contains("critical"), "\(sink.texts.filter { $0.contains("error") })")
    }

    @Test func aWAVWithoutAudioIs400NamingTheFieldAndNeverCharged() async throws {
        let clean = try await TranscriptionLive.withProvider { provider, session in
            let twelveBytes = Array("RIFF".utf8) + [4, 0, 0, 0] + Array("WAVE".utf8)
            let noData = Array(AudioFixtures.wav(dataBytes: 0).dropLast(8))
            for audio in [twelveBytes, noData] {
                let desktop = try TranscriptionUpload.desktop(session, audio: audio)
                #expect(desktop.status == 400)
                #expect((try StackFixture.jsonObject(desktop.body)["error"] as? String)?.contains("'audio'") == true)
                let openAI = try TranscriptionUpload.openAI(session, audio: audio)
                #expect(openAI.status == 400)
                let error = try TranscriptionOpenAITests.openAIError(openAI.body)
                #expect((error["message"] as? String)?.contains("'file'") == true)
                #expect(error["code"] as? String == "invalid_file_format")
            }
            #expect(provider.transcriptionRecords.isEmpty)
            let stats = try StackLive.send(session.port, "/api/usage/stats", headers: [("Authorization", "Bearer " + session.token)])
            #expect(stats.status == 200)
            #expect(stats.text.contains("\"current_month\":0"))
        }
        #expect(clean)
    }

    @Test func forgedHeadersDoNotChangeTheChargeWhenTheProviderGivesNoDuration() async throws {
        let clean = try await TranscriptionLive.withProvider { provider, session in
            var wav = AudioFixtures.wav(sampleRate: 16000, dataBytes: 60 * 32000)
            wav.replaceSubrange(28..<32, with: AudioFixtures.le32(0xFFFF_FFFF))
            wav[wav.count - 1] = 1  // unlike any other test's audio (the transcription cache)
            let reply = try TranscriptionUpload.openAI(session, audio: wav, format: "text")
            #expect(reply.status == 200)
            #expect(provider.transcriptionRecords.count == 1)
            let history = try StackLive.send(session.port, "/api/usage/history", headers: [("Authorization", "Bearer " + session.token)])
            let records = try #require(try StackFixture.jsonObject(history.body)["history"] as? [[String: Any]])
            #expect(AccountJSONValue.number(records.first?["seconds"]) == 60)
        }
        #expect(clean)
    }

    @Test func slowlorisHeadsAreClosedAtTheHeaderTimeoutWhileHealthKeepsAnswering() async throws {
        let clean = try await StackLive.withApplication(["HEADER_TIMEOUT": "2s", "RATE_LIMIT_REQUESTS": "100000"]) { port, _ in
            var stalled: [RawClient] = []
            for index in 0..<300 {
                let client = try RawClient(port: port, timeoutSeconds: 10)
                try client.send("GET /health?\(index) HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
                stalled.append(client)
            }
            let started = Date()
            var answered = 0
            while Date().timeIntervalSince(started) < 1.5 {
                if try StackLive.send(port, "/health").status == 200 { answered += 1 }
            }
            #expect(answered > 10)
            // Each stalled head is answered 408 or closed once the header timeout passes; none stays open.
            var closed = 0
            for client in stalled {
                if let reply = try? client.readReply() { #expect(reply.status == 408) }
                if (try? client.isClosedByServer()) ?? true { closed += 1 }
            }
            #expect(closed == stalled.count)
            #expect(Date().timeIntervalSince(started) < 9)
            #expect(try StackLive.send(port, "/health").status == 200)
        }
        #expect(clean)
    }
}
