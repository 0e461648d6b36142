import Testing
import TestSupport
@testable import Eloquent

/// A client that goes away mid-transcription: the upstream call is aborted and nothing is left behind.
@Suite struct TranscriptionCancellationTests {
    @Test(arguments: [false, true]) func clientDisconnectAbortsTheProviderCall(reset: Bool) async throws {
        let clean = try await TranscriptionLive.withProvider { provider, session in
            provider.reply = .never
            let form = TranscriptionUpload.form([("model", "whisper-1")], file: ("file", "a.wav", TranscriptionUpload.wav(seed: 70)))
            var client: RawClient? = try RawClient(port: session.port)
            try client?.send(StackLive.requestBytes("POST", TranscriptionUpload.openAIPath, headers: [
                ("Authorization", "Bearer " + session.token), ("Content-Type", form.contentType),
            ], body: form.body))
            #expect(try await TranscriptionLive.eventually { provider.waitingCount == 1 })
            #expect(try TranscriptionLive.metric(session.port, "eloquent_transcriptions_in_flight") == 1)
            #expect(try TranscriptionLive.metric(session.port, #"eloquent_upstream_active_transfers{pool="groq"}"#) == 1)

            if reset { client?.abort() }
            client = nil  // closes the socket

            #expect(try await TranscriptionLive.eventually { provider.cancelledCount == 1 })
            #expect(try await TranscriptionLive.eventually {
                try TranscriptionLive.metric(session.port, "eloquent_transcriptions_in_flight") == 0
            })
            #expect(try await TranscriptionLive.eventually {
                try TranscriptionLive.metric(session.port, #"eloquent_upstream_active_transfers{pool="groq"}"#) == 0
            })
            #expect(try TranscriptionLive.metric(session.port, #"eloquent_upstream_errors_total{pool="groq",kind="cancelled"}"#) == 1)

            // The server still serves transcriptions.
            provider.reply = .transcript("still here")
            let next = try TranscriptionUpload.desktop(session, audio: TranscriptionUpload.wav(seed: 71))
            #expect(next.status == 200)
            #expect(try StackFixture.jsonObject(next.body)["text"] as? String == "still here")
        }
        #expect(clean)
    }

    @Test func shutdownWithATranscriptionInFlightEndsCleanly() async throws {
        let provider = try StandInProvider()
        provider.reply = .never
        var client: RawClient?
        let clean = try await TranscriptionLive.withApplication(baseURL: provider.baseURL, ["SHUTDOWN_TIMEOUT": "1s"]) { session in
            let form = TranscriptionUpload.form([], file: ("audio", "a.wav", TranscriptionUpload.wav(seed: 72)))
            client = try RawClient(port: session.port)
            try client?.send(StackLive.requestBytes("POST", TranscriptionUpload.desktopPath, headers: [
                ("Authorization", "Bearer " + session.token), ("Content-Type", form.contentType),
            ], body: form.body))
            #expect(try await TranscriptionLive.eventually { provider.waitingCount == 1 })
        }
        // The server gave up on the request at the shutdown timeout; the services then stopped without a leak.
        #expect(clean)
        #expect(try await TranscriptionLive.eventually { provider.cancelledCount == 1 })
        client = nil
        #expect(provider.stop())
    }
}
