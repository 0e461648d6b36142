import Foundation
import Testing
import TestSupport
@testable import Eloquent

/// The `grammar` and `rewrite` modes: a second call to the provider's `/chat/completions`; when it fails the request
/// fails, never a 200 with half-processed text.
@Suite struct TranscriptionGrammarTests {
    @Test(arguments: ["grammar", "rewrite"]) func workingChatPolishesTheTranscript(mode: String) async throws {
        let clean = try await TranscriptionLive.withProvider(["REWRITE_MODEL": "llama-standin-70b"]) { provider, session in
            provider.reply = .transcript("um so i think we should ship it")
            provider.chat = .answer("I think we should ship it.")
            let reply = try TranscriptionUpload.desktop(session, audio: TranscriptionUpload.wav(seed: 80), mode: mode)
            #expect(reply.status == 200)
            let json = try StackFixture.jsonObject(reply.body)
            #expect(json["success"] as? Bool == true)
            #expect(json["aiProcessed"] as? Bool == true)
            #expect(json["mode"] as? String == mode)
            #expect(json["text"] as? String == "I think we should ship it.")
            #expect(json["originalText"] as? String == "um so i think we should ship it")

            let chat = try #require(provider.chatRecords.first)
            #expect(chat.problems.isEmpty)
            let request = try StackFixture.jsonObject(chat.chatBody)
            #expect(request["model"] as? String == "llama-standin-70b")
            let messages = request["messages"] as? [[String: Any]] ?? []
            #expect(messages.map { $0["role"] as? String } == ["system", "user"])
            #expect(messages.last?["content"] as? String == "um so i think we should ship it")
        }
        #expect(clean)
    }

    @Test func missingChatEndpointFailsTheRequestWith502() async throws {
        let clean = try await TranscriptionLive.withProvider { provider, session in
            provider.chat = .missing
            let audio = TranscriptionUpload.wav(seed: 81)
            let reply = try TranscriptionUpload.desktop(session, audio: audio, mode: "grammar")
            #expect(reply.status == 502)
            let json = try StackFixture.jsonObject(reply.body)
            #expect(json["success"] == nil && json["text"] == nil)
            #expect(json["error"] as? String == "AI enhancement failed")
            #expect(provider.transcriptionRecords.count == 1 && provider.chatRecords.count == 1)

            // Nothing half-done was cached: once the chat works, the same request is transcribed and polished.
            provider.chat = .answer("Polished.")
            let retry = try TranscriptionUpload.desktop(session, audio: audio, mode: "grammar")
            #expect(retry.status == 200)
            #expect(try StackFixture.jsonObject(retry.body)["text"] as? String == "Polished.")
            #expect(provider.transcriptionRecords.count == 2)
        }
        #expect(clean)
    }

    @Test func emptyChatAnswerFailsTheRequest() async throws {
        let clean = try await TranscriptionLive.withProvider { provider, session in
            provider.chat = .answer("   ")
            let reply = try TranscriptionUpload.desktop(session, audio: TranscriptionUpload.wav(seed: 82), mode: "rewrite")
            #expect(reply.status == 502)
            #expect(try StackFixture.jsonObject(reply.body)["success"] == nil)
        }
        #expect(clean)
    }

    @Test func standardModeNeverCallsTheChatEndpoint() async throws {
        let clean = try await TranscriptionLive.withProvider { provider, session in
            provider.chat = .answer("should not be used")
            let reply = try TranscriptionUpload.desktop(session, audio: TranscriptionUpload.wav(seed: 83), mode: "standard")
            #expect(try StackFixture.jsonObject(reply.body)["text"] as? String == TranscriptionLive.transcript)
            #expect(provider.chatRecords.isEmpty)
        }
        #expect(clean)
    }
}
