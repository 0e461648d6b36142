@testable import Basics
import Foundation
import Storage
import Synchronization
import TestSupport
import Testing
@testable import Transcription
@testable import Eloquent

/// Issue 11's gateway over real sockets, against a stand-in provider: translations, subtitles built from
/// `verbose_json` segments, and chat completions passed through (plain and streamed as server-sent events).
@Suite struct GatewayLiveTests {
    static func upload(_ s: FlowSession, _ path: String, token: String, fields: [(String, String)]) throws -> RawClient.Reply {
        let form = GatewayUpload.form(fields: fields)
        return try s.send("POST", path, token: token, headers: [("Content-Type", form.contentType)], body: form.body)
    }

    static func chat(_ s: FlowSession, token: String, _ json: String) throws -> RawClient.Reply {
        try s.send("POST", "/v1/chat/completions", token: token, json: json)
    }

    @Test func translationsGoToTheProvidersTranslationEndpoint() async throws {
        let clean = try await GatewayStandIn.run { s, provider in
            let token = try await s.user("translator", plan: .pro)
            let reply = try Self.upload(s, "/v1/audio/translations", token: token, fields: [("model", "whisper-1"), ("language", "es")])
            #expect(reply.status == 200, "\(reply.text)")
            #expect(try StackFixture.jsonObject(reply.body)["text"] as? String == "Hello, world. How are you?")
            let seen = try #require(provider.seen.last)
            #expect(seen.path == GatewayStandIn.prefix + "/audio/translations")
            #expect(seen.fields["language"] == nil && seen.fields["model"] == GatewayStandIn.model)
            #expect(seen.authorization == "Bearer " + GatewayStandIn.key)
            // Metered like a transcription: the provider's 3.25 s.
            let history = try s.object("GET", "/api/usage/history", token: token).1["history"] as? [[String: Any]] ?? []
            #expect(history.count == 1 && history.first?["success"] as? Bool == true)
            // The alias answers too, and a transcription of the same audio is not served from the translation's cache.
            #expect(try Self.upload(s, "/openai/v1/audio/translations", token: token, fields: []).status == 200)
            let transcription = try Self.upload(s, "/v1/audio/transcriptions", token: token, fields: [])
            #expect(try StackFixture.jsonObject(transcription.body)["text"] as? String == "Hola, mundo. ¿Cómo estás?")
        }
        #expect(clean)
    }

    @Test func srtAndVttAreBuiltFromTheSegments() async throws {
        let clean = try await GatewayStandIn.run { s, provider in
            let token = try await s.user("subtitles", plan: .pro)
            let srt = try Self.upload(s, "/v1/audio/transcriptions", token: token, fields: [("response_format", "srt")])
            #expect(srt.status == 200)
            #expect(srt.text == "1\n00:00:00,000 --> 00:00:01,500\nHello, world.\n\n2\n00:00:01,500 --> 00:00:03,250\nHow are you? <3 -> ok\n")
            #expect(srt.header("Content-Type")?.hasPrefix("text/plain") == true)
            #expect(provider.seen.last?.fields["response_format"] == "verbose_json")
            let vtt = try Self.upload(s, "/v1/audio/translations", token: token, fields: [("response_format", "vtt")])
            #expect(vtt.status == 200)
            #expect(vtt.text == "WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nHello, world.\n\n00:00:01.500 --> 00:00:03.250\nHow are you? &lt;3 --&gt; ok\n")
            #expect(vtt.header("Content-Type")?.hasPrefix("text/vtt") == true)
            let bad = try Self.upload(s, "/v1/audio/transcriptions", token: token, fields: [("response_format", "docx")])
            #expect(bad.status == 400)
            let error = try StackFixture.jsonObject(bad.body)["error"] as? [String: Any]
            #expect(error?["code"] as? String == "invalid_response_format")
        }
        #expect(clean)
    }

    @Test func subtitlesWithoutSegmentsAreOneCue() {
        let cues = Subtitles.cues(verboseJSON: Array(#"{"text":"hi","segments":[]}"#.utf8), text: "hi there", duration: 3723.0456)
        #expect(cues == [Subtitles.Cue(start: 0, end: 3723.0456, text: "hi there")])
        #expect(Subtitles.render(cues, as: .srt) == "1\n00:00:00,000 --> 01:02:03,046\nhi there\n")
        #expect(Subtitles.render([], as: .vtt) == "WEBVTT\n")
        // A blank line inside a segment would end the cue: it is removed.
        let multi = Subtitles.cues(verboseJSON: Array(#"{"segments":[{"start":1,"end":2,"text":"a\n\nb"}]}"#.utf8), text: "", duration: 0)
        #expect(Subtitles.render(multi, as: .srt) == "1\n00:00:01,000 --> 00:00:02,000\na\nb\n")
    }

    @Test func chatIsPassedThroughForPlansWithAIRewrite() async throws {
        let clean = try await GatewayStandIn.run { s, provider in
            let starter = try await s.user("chatter", plan: .starter)
            let body = #"{"model":"llama-standin","messages":[{"role":"user","content":"fix: helo"}],"temperature":0.2}"#
            let reply = try Self.chat(s, token: starter, body)
            #expect(reply.status == 200, "\(reply.text)")
            let json = try StackFixture.jsonObject(reply.body)
            let choices = json["choices"] as? [[String: Any]]
            #expect((choices?.first?["message"] as? [String: Any])?["content"] as? String == "Polished text.")
            let seen = try #require(provider.seen.last)
            #expect(seen.path == GatewayStandIn.prefix + "/chat/completions")
            #expect(seen.body == Array(body.utf8))
            #expect(seen.authorization == "Bearer " + GatewayStandIn.key)

            // Free plan: 403 in OpenAI's shape naming the plans; the provider is not called.
            let calls = provider.seen.count
            let free = try await s.user("chat-free", plan: .free)
            let refused = try Self.chat(s, token: free, body)
            #expect(refused.status == 403)
            let error = try StackFixture.jsonObject(refused.body)["error"] as? [String: Any]
            #expect(error?["type"] as? String == "permission_error")
            #expect((error?["message"] as? String)?.contains("starter, pro, unlimited or enterprise") == true)
            // Bad bodies: 400, provider not called.
            #expect(try Self.chat(s, token: starter, #"{"messages":[]}"#).status == 400)
            #expect(try Self.chat(s, token: starter, "not json").status == 400)
            #expect(provider.seen.count == calls)
            // No token: 401 in OpenAI's shape.
            let anonymous = try s.send("POST", "/v1/chat/completions", json: body)
            #expect(anonymous.status == 401)
            #expect((try StackFixture.jsonObject(anonymous.body)["error"] as? [String: Any])?["code"] as? String == "invalid_api_key")
            // A provider refusal keeps its status and message; a rate limit its Retry-After.
            provider.state.withLock { $0.chatFailure = (400, #"{"error":{"message":"model_decommissioned"}}"#) }
            let upstream400 = try Self.chat(s, token: starter, body)
            #expect(upstream400.status == 400)
            #expect((try StackFixture.jsonObject(upstream400.body)["error"] as? [String: Any])?["message"] as? String == "model_decommissioned")
            provider.state.withLock { $0.chatFailure = (429, #"{"error":{"message":"slow down"}}"#) }
            let limited = try Self.chat(s, token: starter, body)
            #expect(limited.status == 429 && limited.header("Retry-After") != nil)
        }
        #expect(clean)
    }

    @Test func streamedChatIsRelayedAsItArrives() async throws {
        let clean = try await GatewayStandIn.run { s, provider in
            let token = try await s.user("streamer", plan: .pro)
            let body = #"{"model":"llama-standin","stream":true,"messages":[{"role":"user","content":"hi"}]}"#
            let reader = try StreamingReader(port: s.port)
            try reader.client.send(StackLive.requestBytes("POST", "/v1/chat/completions", headers: [
                ("Authorization", "Bearer " + token), ("Content-Type", "application/json"), ("Accept-Encoding", "gzip"),
            ], body: Array(body.utf8)))
            // The first two events arrive while the provider still holds the last one.
            #expect(reader.read(until: "\" there\""))
            let head = reader.text
            #expect(head.hasPrefix("HTTP/1.1 200"))
            #expect(head.lowercased().contains("transfer-encoding: chunked"))
            #expect(head.lowercased().contains("content-type: text/event-stream"))
            #expect(!head.lowercased().contains("content-encoding"))
            #expect(head.contains("X-Request-ID:"))
            #expect(!head.contains("[DONE]"))
            provider.release()
            #expect(reader.read(until: "0\r\n\r\n"))
            #expect(reader.text.contains("data: [DONE]"))
            #expect(reader.text.contains("\"!\""))
            // The connection stays usable after the stream.
            try reader.client.send(StackLive.requestBytes("GET", "/health"))
            #expect(reader.read(until: "\"status\":\"ok\""))
        }
        #expect(clean)
    }
}
