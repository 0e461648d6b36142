@testable import Multipart
import Foundation
import Testing
import TestSupport
@testable import Eloquent

/// `POST /api/transcribe/audio` through the real server against the stand-in provider.
@Suite struct TranscriptionDesktopTests {
    @Test func successHasTheDesktopShapeAndTheProviderGetsWhatTheClientSent() async throws {
        let clean = try await TranscriptionLive.withProvider { provider, session in
            let audio = TranscriptionUpload.wav(seed: 1)
            let reply = try TranscriptionUpload.desktop(session, audio: audio, language: "de")
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type")?.hasPrefix("application/json") == true)
            let json = try StackFixture.jsonObject(reply.body)
            #expect(Set(json.keys) == ["success", "text", "originalText", "aiProcessed", "mode", "processingTime", "usage"])
            #expect(json["success"] as? Bool == true)
            #expect(json["text"] as? String == TranscriptionLive.transcript)
            #expect(json["originalText"] as? String == TranscriptionLive.transcript)
            #expect(json["aiProcessed"] as? Bool == false)
            #expect(json["mode"] as? String == "standard")
            #expect((json["processingTime"] as? Int ?? -1) >= 0)
            let usage = try #require(json["usage"] as? [String: Any])
            #expect(usage["limit"] as? Int == 600)  // the speaker's pro plan
            #expect((usage["current_month"] as? Int ?? 0) >= 1)

            let records = provider.transcriptionRecords
            try #require(records.count == 1)
            let record = records[0]
            #expect(record.problems.isEmpty)
            #expect(record.path == "/openai/v1/audio/transcriptions")
            #expect(record.authorization == "Bearer " + TranscriptionLive.providerKey)
            #expect(record.fields["model"] == TranscriptionLive.model)
            #expect(record.fields["language"] == "de")
            #expect(record.fields["response_format"] == "verbose_json")
            #expect(record.file?.bytes == audio)
            #expect(record.file?.filename.hasSuffix(".wav") == true)
            #expect(provider.chatRecords.isEmpty)
        }
        #expect(clean)
    }

    @Test func languageDefaultsToEnglishAndModeToStandard() async throws {
        let clean = try await TranscriptionLive.withProvider { provider, session in
            let reply = try TranscriptionUpload.desktop(session, audio: TranscriptionUpload.wav(seed: 2))
            #expect(reply.status == 200)
            #expect(try StackFixture.jsonObject(reply.body)["mode"] as? String == "standard")
            #expect(provider.transcriptionRecords.first?.fields["language"] == "en")
        }
        #expect(clean)
    }

    @Test func processingTimeIsInMillisecondsAndCoversTheProviderCall() async throws {
        let clean = try await TranscriptionLive.withProvider { provider, session in
            provider.reply = .slow(.milliseconds(300), "slowly")
            let reply = try TranscriptionUpload.desktop(session, audio: TranscriptionUpload.wav(seed: 4))
            let json = try StackFixture.jsonObject(reply.body)
            #expect(json["text"] as? String == "slowly")
            // At least the provider's delay; far below what microseconds (or nanoseconds) would give.
            let elapsed = try #require(json["processingTime"] as? Int)
            #expect(elapsed >= 300 && elapsed < 300_000)
        }
        #expect(clean)
    }

    @Test func withoutATokenTheProviderIsNeverCalled() async throws {
        let clean = try await TranscriptionLive.withProvider { provider, session in
            let form = TranscriptionUpload.form([], file: ("audio", "a.wav", TranscriptionUpload.wav(seed: 3)))
            let reply = try TranscriptionUpload.raw(session, TranscriptionUpload.desktopPath, contentType: form.contentType,
                                                    body: form.body, token: nil)
            #expect(reply.status == 401)
            #expect(try StackFixture.jsonObject(reply.body)["error"] is String)
            let forged = try TranscriptionUpload.raw(session, TranscriptionUpload.desktopPath, contentType: form.contentType,
                                                     body: form.body, token: session.token + "x")
            #expect(forged.status == 401)
            #expect(provider.transcriptionRecords.isEmpty)
        }
        #expect(clean)
    }

    @Test func theProviderKeyIsNeverHandedOut() async throws {
        let clean = try await TranscriptionLive.withProvider { _, session in
            let reply = try StackLive.send(session.port, "/api/transcribe/api-key", headers: [("Authorization", "Bearer " + session.token)])
            #expect(reply.status == 410)
            #expect(!reply.text.contains(TranscriptionLive.providerKey))
        }
        #expect(clean)
    }
}
