import Testing
import TestSupport
@testable import Eloquent

/// The transcription cache through the real server: a hit never calls the provider.
@Suite struct TranscriptionCacheLiveTests {
    @Test func sameAudioTwiceReachesTheProviderOnce() async throws {
        let clean = try await TranscriptionLive.withProvider { provider, session in
            let audio = TranscriptionUpload.wav(seed: 20)
            let first = try TranscriptionUpload.desktop(session, audio: audio)
            provider.reply = .transcript("a different answer the cache must hide")
            let second = try TranscriptionUpload.desktop(session, audio: audio)
            #expect(first.status == 200 && second.status == 200)
            #expect(try StackFixture.jsonObject(second.body)["text"] as? String == TranscriptionLive.transcript)
            #expect(provider.transcriptionRecords.count == 1)
            #expect(try TranscriptionLive.metric(session.port, "eloquent_transcription_cache_hits_total") == 1)

            // Another language changes the answer: the provider is asked again.
            let german = try TranscriptionUpload.desktop(session, audio: audio, language: "de")
            #expect(german.status == 200)
            #expect(try StackFixture.jsonObject(german.body)["text"] as? String == "a different answer the cache must hide")
            #expect(provider.transcriptionRecords.count == 2)
            #expect(provider.transcriptionRecords.last?.fields["language"] == "de")

            // So does other audio, and another response format on /v1.
            _ = try TranscriptionUpload.desktop(session, audio: TranscriptionUpload.wav(seed: 21))
            #expect(provider.transcriptionRecords.count == 3)
            _ = try TranscriptionUpload.openAI(session, audio: audio, format: "text")
            _ = try TranscriptionUpload.openAI(session, audio: audio, format: "text")
            #expect(provider.transcriptionRecords.count == 4)
        }
        #expect(clean)
    }

    @Test func aFailedTranscriptionIsNotCached() async throws {
        let clean = try await TranscriptionLive.withProvider { provider, session in
            let audio = TranscriptionUpload.wav(seed: 22)
            provider.reply = .status(500, body: "boom", headers: [])
            #expect(try TranscriptionUpload.desktop(session, audio: audio).status == 502)
            provider.reply = .transcript("recovered")
            let retry = try TranscriptionUpload.desktop(session, audio: audio)
            #expect(retry.status == 200)
            #expect(try StackFixture.jsonObject(retry.body)["text"] as? String == "recovered")
            #expect(provider.transcriptionRecords.count == 2)
        }
        #expect(clean)
    }

    @Test func withATTLOfZeroEveryRequestReachesTheProvider() async throws {
        let clean = try await TranscriptionLive.withProvider(["TRANSCRIPTION_CACHE_TTL": "0"]) { provider, session in
            let audio = TranscriptionUpload.wav(seed: 23)
            for _ in 0..<3 {
                let reply = try TranscriptionUpload.desktop(session, audio: audio)
                #expect(reply.status == 200)
            }
            #expect(provider.transcriptionRecords.count == 3)
        }
        #expect(clean)
    }
}
