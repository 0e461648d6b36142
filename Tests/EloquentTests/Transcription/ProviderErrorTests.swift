import Testing
import TestSupport
@testable import Eloquent

/// Provider failures as clients see them (SPEC section 8), through the real server.
@Suite struct TranscriptionProviderErrorTests {
    @Test func provider400IsPassedOnWithTheProvidersMessage() async throws {
        let clean = try await TranscriptionLive.withProvider { provider, session in
            provider.reply = .openAIError(400, message: "Audio file is too short: minimum is 0.01 seconds", code: "audio_too_short")
            let desktop = try TranscriptionUpload.desktop(session, audio: TranscriptionUpload.wav(seed: 40))
            #expect(desktop.status == 400)
            #expect(try StackFixture.jsonObject(desktop.body)["error"] as? String == "Audio file is too short: minimum is 0.01 seconds")
            let openAI = try TranscriptionUpload.openAI(session, audio: TranscriptionUpload.wav(seed: 41))
            #expect(openAI.status == 400)
            let error = try TranscriptionOpenAITests.openAIError(openAI.body)
            #expect(error["message"] as? String == "Audio file is too short: minimum is 0.01 seconds")
            #expect(error["type"] as? String == "invalid_request_error")
            #expect(provider.transcriptionRecords.count == 2)
        }
        #expect(clean)
    }

    @Test func provider429Is429WithRetryAfter() async throws {
        let clean = try await TranscriptionLive.withProvider { provider, session in
            provider.reply = .openAIError(429, message: "Rate limit reached for model", code: "rate_limit_exceeded",
                                          headers: [("Retry-After", "7")])
            for reply in [try TranscriptionUpload.desktop(session, audio: TranscriptionUpload.wav(seed: 42)),
                          try TranscriptionUpload.openAI(session, audio: TranscriptionUpload.wav(seed: 43))] {
                #expect(reply.status == 429)
                #expect(reply.header("Retry-After") == "7")
                #expect(reply.text.contains("Rate limit reached for model"))
            }
        }
        #expect(clean)
    }

    @Test func provider500Is502() async throws {
        let clean = try await TranscriptionLive.withProvider { provider, session in
            provider.reply = .status(500, body: #"{"error":{"message":"internal","type":"server_error"}}"#,
                                     headers: [("Content-Type", "application/json")])
            let desktop = try TranscriptionUpload.desktop(session, audio: TranscriptionUpload.wav(seed: 44))
            #expect(desktop.status == 502)
            #expect(try StackFixture.jsonObject(desktop.body)["success"] == nil)
            let openAI = try TranscriptionUpload.openAI(session, audio: TranscriptionUpload.wav(seed: 45))
            #expect(openAI.status == 502)
            #expect(try TranscriptionOpenAITests.openAIError(openAI.body)["type"] as? String == "server_error")
            provider.reply = .status(503, body: "", headers: [])
            #expect(try TranscriptionUpload.desktop(session, audio: TranscriptionUpload.wav(seed: 46)).status == 502)
        }
        #expect(clean)
    }

    @Test func providerRejectingOurKeyIs502NotTheClientsFault() async throws {
        let provider = try StandInProvider(key: "gsk_a_key_this_server_does_not_have")
        let clean = try await TranscriptionLive.withApplication(baseURL: provider.baseURL) { session in
            let reply = try TranscriptionUpload.desktop(session, audio: TranscriptionUpload.wav(seed: 47))
            #expect(reply.status == 502)
            #expect(!reply.text.contains(TranscriptionLive.providerKey))
        }
        #expect(provider.transcriptionRecords.first?.authorization == "Bearer " + TranscriptionLive.providerKey)
        #expect(provider.stop() && clean)
    }

    @Test func refusedConnectionIs502() async throws {
        let closedPort = try StackBinary.freePort()
        let clean = try await TranscriptionLive.withApplication(baseURL: "http://127.0.0.1:\(closedPort)/openai/v1") { session in
            let desktop = try TranscriptionUpload.desktop(session, audio: TranscriptionUpload.wav(seed: 48))
            #expect(desktop.status == 502)
            let openAI = try TranscriptionUpload.openAI(session, audio: TranscriptionUpload.wav(seed: 49))
            #expect(openAI.status == 502)
            #expect(try TranscriptionOpenAITests.openAIError(openAI.body)["message"] is String)
            let series = #"eloquent_upstream_errors_total{pool="groq",kind="connect_refused"}"#
            #expect(try TranscriptionLive.metric(session.port, series) == 2)
        }
        #expect(clean)
    }

    @Test func providerThatNeverAnswersIs504AfterGroqTimeout() async throws {
        let clean = try await TranscriptionLive.withProvider(["GROQ_TIMEOUT": "1s"]) { provider, session in
            provider.reply = .never
            let desktop = try TranscriptionUpload.desktop(session, audio: TranscriptionUpload.wav(seed: 50))
            #expect(desktop.status == 504)
            let openAI = try TranscriptionUpload.openAI(session, audio: TranscriptionUpload.wav(seed: 51))
            #expect(openAI.status == 504)
            #expect(try TranscriptionOpenAITests.openAIError(openAI.body)["message"] is String)
            // The timed-out transfers are gone upstream too.
            #expect(try await TranscriptionLive.eventually { provider.cancelledCount == 2 })
            #expect(try TranscriptionLive.metric(session.port, "eloquent_transcriptions_in_flight") == 0)
        }
        #expect(clean)
    }
}
