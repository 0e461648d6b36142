@testable import Multipart
import Foundation
import Testing
import TestSupport
@testable import Eloquent

/// The OpenAI-compatible API through the real server against the stand-in provider.
@Suite struct TranscriptionOpenAITests {
    @Test func jsonIsJustTheText() async throws {
        let clean = try await TranscriptionLive.withProvider { provider, session in
            let audio = TranscriptionUpload.wav(seed: 10)
            let reply = try TranscriptionUpload.openAI(session, audio: audio, language: "fr")
            #expect(reply.status == 200)
            let json = try StackFixture.jsonObject(reply.body)
            #expect(Set(json.keys) == ["text"])
            #expect(json["text"] as? String == TranscriptionLive.transcript)
            let record = try #require(provider.transcriptionRecords.first)
            #expect(record.problems.isEmpty)
            // `whisper-1` is the alias of the configured model; json is asked of the provider as verbose_json.
            #expect(record.fields["model"] == TranscriptionLive.model)
            #expect(record.fields["response_format"] == "verbose_json")
            #expect(record.fields["language"] == "fr")
            #expect(record.file?.bytes == audio)
        }
        #expect(clean)
    }

    @Test func textIsPlainText() async throws {
        let clean = try await TranscriptionLive.withProvider { provider, session in
            let reply = try TranscriptionUpload.openAI(session, audio: TranscriptionUpload.wav(seed: 11), format: "text")
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type")?.hasPrefix("text/plain") == true)
            #expect(reply.text == TranscriptionLive.transcript)
            #expect(provider.transcriptionRecords.first?.fields["response_format"] == "text")
            #expect(provider.transcriptionRecords.first?.fields["language"] == nil)
        }
        #expect(clean)
    }

    @Test func verboseJSONCarriesTheProvidersSegmentsAndDuration() async throws {
        let clean = try await TranscriptionLive.withProvider { provider, session in
            let reply = try TranscriptionUpload.openAI(session, audio: TranscriptionUpload.wav(seed: 12), format: "verbose_json",
                                                       path: "/openai/v1/audio/transcriptions")
            #expect(reply.status == 200)
            let json = try StackFixture.jsonObject(reply.body)
            #expect(json["text"] as? String == TranscriptionLive.transcript)
            #expect(json["task"] as? String == "transcribe")
            #expect(json["duration"] as? Double == 2.5)
            #expect((json["segments"] as? [Any])?.count == 1)
            #expect(provider.transcriptionRecords.first?.fields["response_format"] == "verbose_json")
        }
        #expect(clean)
    }

    @Test func unknownModelAndFormatAreRefusedBeforeTheProvider() async throws {
        let clean = try await TranscriptionLive.withProvider { provider, session in
            let audio = TranscriptionUpload.wav(seed: 13)
            let model = try TranscriptionUpload.post(session, TranscriptionUpload.openAIPath, fields: [("model", "gpt-9-ears")],
                                                     file: ("file", "a.wav", audio))
            #expect(model.status == 404)
            #expect(try Self.openAIError(model.body)["code"] as? String == "model_not_found")
            // Issue 11: srt and vtt are offered now (built from segments); an unknown format is still refused.
            let format = try TranscriptionUpload.openAI(session, audio: audio, format: "docx")
            #expect(format.status == 400)
            #expect((try Self.openAIError(format.body)["message"] as? String)?.contains("response_format") == true)
            #expect(provider.transcriptionRecords.isEmpty)
        }
        #expect(clean)
    }

    @Test func modelsListTheConfiguredModel() async throws {
        let clean = try await TranscriptionLive.withProvider { _, session in
            for path in ["/v1/models", "/openai/v1/models"] {
                let reply = try StackLive.send(session.port, path, headers: [("Authorization", "Bearer " + session.token)])
                #expect(reply.status == 200)
                let json = try StackFixture.jsonObject(reply.body)
                #expect(json["object"] as? String == "list")
                let ids = (json["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                #expect(ids.contains(TranscriptionLive.model))
                #expect((json["data"] as? [[String: Any]])?.allSatisfy { $0["object"] as? String == "model" } == true)
            }
        }
        #expect(clean)
    }

    @Test func missingTokenIsAnOpenAIShaped401() async throws {
        let clean = try await TranscriptionLive.withProvider { provider, session in
            let models = try StackLive.send(session.port, "/v1/models")
            let form = TranscriptionUpload.form([("model", "whisper-1")], file: ("file", "a.wav", TranscriptionUpload.wav(seed: 14)))
            let upload = try TranscriptionUpload.raw(session, TranscriptionUpload.openAIPath, contentType: form.contentType,
                                                     body: form.body, token: nil)
            for reply in [models, upload] {
                #expect(reply.status == 401)
                #expect(reply.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
                let error = try Self.openAIError(reply.body)
                #expect(error["message"] is String)
                #expect(error["type"] as? String == "authentication_error")
                #expect(error["code"] as? String == "invalid_api_key")
            }
            #expect(provider.transcriptionRecords.isEmpty)
        }
        #expect(clean)
    }

    /// The `error` object of an OpenAI-shaped error body; throws when the body has another shape.
    static func openAIError(_ body: [UInt8]) throws -> [String: Any] {
        guard let error = try StackFixture.jsonObject(body)["error"] as? [String: Any],
              error["message"] is String, error["type"] is String, error.keys.contains("code") else {
            throw StackTestError("not an OpenAI error: \(String(decoding: body, as: UTF8.self))")
        }
        return error
    }
}
