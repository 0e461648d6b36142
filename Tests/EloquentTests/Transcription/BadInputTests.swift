import Testing
import TestSupport
@testable import Eloquent

/// Bad uploads through the real server: 400 naming the field, in each API's error shape, and the provider untouched.
@Suite struct TranscriptionBadInputTests {
    /// One API's path, file field name, and how to read an error message from its body.
    struct API: Sendable, CustomTestStringConvertible {
        var path: String
        var field: String
        var openAI: Bool
        var testDescription: String { path }

        func message(_ body: [UInt8]) throws -> String {
            if openAI {
                let error = try TranscriptionOpenAITests.openAIError(body)
                #expect(error["type"] as? String == "invalid_request_error")
                return error["message"] as? String ?? ""
            }
            let json = try StackFixture.jsonObject(body)
            #expect(json["success"] == nil)
            return json["error"] as? String ?? ""
        }
    }

    static let apis = [
        API(path: TranscriptionUpload.desktopPath, field: "audio", openAI: false),
        API(path: TranscriptionUpload.openAIPath, field: "file", openAI: true),
        API(path: "/openai/v1/audio/transcriptions", field: "file", openAI: true),
    ]

    @Test(arguments: apis) func missingFileFieldNamesTheField(api: API) async throws {
        try await expectRefused(api, fields: [("model", "whisper-1"), ("language", "en")], file: nil, code: "missing_file")
        // A file under another name is still a missing field.
        try await expectRefused(api, fields: [], file: ("sound", "a.wav", TranscriptionUpload.wav(seed: 30)), code: "missing_file")
    }

    @Test(arguments: apis) func emptyFileNamesTheField(api: API) async throws {
        try await expectRefused(api, fields: [], file: (api.field, "a.wav", []), code: "empty_file")
    }

    @Test(arguments: apis) func textFileAsAudioNamesTheField(api: API) async throws {
        let text = Array("These are my meeting notes, not audio.\n".utf8)
        try await expectRefused(api, fields: [], file: (api.field, "notes.wav", text), code: "invalid_file_format")
        // Audio magic with nothing behind it is not audio either.
        try await expectRefused(api, fields: [], file: (api.field, "x.mp3", Array("ID3".utf8)), code: "invalid_file_format")
    }

    @Test(arguments: apis) func bodyThatIsNotMultipartNamesTheField(api: API) async throws {
        let clean = try await TranscriptionLive.withProvider { provider, session in
            let json = Array(#"{"audio":"UklGRg=="}"#.utf8)
            for contentType in ["application/json", "multipart/form-data", "text/plain; boundary=x", nil] as [String?] {
                let reply = try TranscriptionUpload.raw(session, api.path, contentType: contentType, body: json, token: session.token)
                #expect(reply.status == 400)
                #expect(try api.message(reply.body).contains("'\(api.field)'"), "\(contentType ?? "no Content-Type")")
            }
            #expect(provider.transcriptionRecords.isEmpty)
        }
        #expect(clean)
    }

    @Test(arguments: apis) func truncatedAndMalformedMultipartAre400(api: API) async throws {
        let clean = try await TranscriptionLive.withProvider { provider, session in
            let form = TranscriptionUpload.form([], file: (api.field, "a.wav", TranscriptionUpload.wav(seed: 31)))
            let truncated = Array(form.body.dropLast(40))
            let garbage = Array("--not-the-boundary\r\nhello\r\n".utf8)
            let badHeaders = Array("--B\r\nContent-Disposition: attachment\r\n\r\nx\r\n--B--\r\n".utf8)
            for (contentType, body) in [(form.contentType, truncated), (form.contentType, garbage),
                                        ("multipart/form-data; boundary=B", badHeaders)] {
                let reply = try TranscriptionUpload.raw(session, api.path, contentType: contentType, body: body, token: session.token)
                #expect(reply.status == 400)
                #expect(try !api.message(reply.body).isEmpty)
            }
            #expect(provider.transcriptionRecords.isEmpty)
            // The server is still fine.
            #expect(try TranscriptionUpload.post(session, api.path, fields: [],
                                                 file: (api.field, "a.wav", TranscriptionUpload.wav(seed: 32))).status == 200)
        }
        #expect(clean)
    }

    @Test func desktopRejectsAnUnknownModeAndAHostileLanguage() async throws {
        let clean = try await TranscriptionLive.withProvider { provider, session in
            let audio = TranscriptionUpload.wav(seed: 33)
            let mode = try TranscriptionUpload.desktop(session, audio: audio, mode: "summarise")
            #expect(mode.status == 400)
            #expect((try StackFixture.jsonObject(mode.body)["error"] as? String)?.contains("'mode'") == true)
            let language = try TranscriptionUpload.desktop(session, audio: audio, language: "en\"; rm -rf /")
            #expect(language.status == 400)
            #expect((try StackFixture.jsonObject(language.body)["error"] as? String)?.contains("'language'") == true)
            #expect(provider.transcriptionRecords.isEmpty)
        }
        #expect(clean)
    }

    /// Sends the form, expects 400 naming `api.field` (and `code` on the OpenAI API), and no provider call.
    func expectRefused(_ api: API, fields: [(String, String)], file: (name: String, filename: String, bytes: [UInt8])?,
                       code: String) async throws {
        let clean = try await TranscriptionLive.withProvider { provider, session in
            let reply = try TranscriptionUpload.post(session, api.path, fields: fields, file: file)
            #expect(reply.status == 400)
            #expect(try api.message(reply.body).contains("'\(api.field)'"))
            if api.openAI { #expect(try TranscriptionOpenAITests.openAIError(reply.body)["code"] as? String == code) }
            #expect(provider.transcriptionRecords.isEmpty)
        }
        #expect(clean)
    }
}
