@testable import Identity
import Foundation
import HTTPServer
import Storage
import TestSupport
@testable import Eloquent
@testable import Multipart

/// A real `Application` behind a real `HTTPServer` on 127.0.0.1:0, its provider pointed at a stand-in.
struct TranscriptionSession {
    let port: Int
    let config: Config
    /// A valid user access token for this application.
    let token: String
}

enum TranscriptionLive {
    static let providerKey = "gsk_standin_0123456789abcdefghij"
    static let transcript = "hello from the stand-in"
    static let model = "whisper-standin-turbo"

    /// The settings that point the application at `baseURL` as its Groq provider.
    static func providerEnvironment(baseURL: String) -> [String: String] {
        ["TRANSCRIPTION_PROVIDER": "groq", "GROQ_API_KEY": providerKey, "GROQ_BASE_URL": baseURL, "GROQ_MODEL": model,
         "RATE_LIMIT_REQUESTS": "100000"]
    }

    /// Starts the whole application with a provider at `baseURL` and `extra` settings, runs `body`, then stops the
    /// HTTP server and `Application.shutdown()`s the services. Returns whether everything closed cleanly.
    static func withApplication(
        baseURL: String, _ extra: [String: String] = [:], _ body: (TranscriptionSession) async throws -> Void
    ) async throws -> Bool {
        let sub = "7d1f0c3e-5a2b-4c8d-9e6f-0a1b2c3d4e5f"
        return try await LiveApplication.run(providerEnvironment(baseURL: baseURL).merging(extra) { $1 }, prepare: { application, _ in
            // These tests are about the pipeline: the speaker is on a plan that allows every mode (metering and plan
            // checks have their own tests).
            let now = Int(Date().timeIntervalSince1970)
            _ = try await application.store.upsertUserFromSignIn(id: sub, email: "speaker@example.com", name: nil, pictureURL: nil, now: now)
            _ = try await application.store.setPlan(userID: sub, plan: .pro, now: now)
        }) { live in
            let token = try TokenMinter.mint(sub: sub, email: "speaker@example.com", secret: IdentitySetup.secret(for: live.config))
            try await body(TranscriptionSession(port: live.port, config: live.config, token: token))
        }
    }

    /// Starts a stand-in, runs the application against it, stops both. Returns whether everything closed cleanly.
    static func withProvider(
        _ extra: [String: String] = [:], _ body: (StandInProvider, TranscriptionSession) async throws -> Void
    ) async throws -> Bool {
        let provider = try StandInProvider()
        let clean: Bool
        do {
            clean = try await withApplication(baseURL: provider.baseURL, extra) { try await body(provider, $0) }
        } catch {
            _ = provider.stop()
            throw error
        }
        return provider.stop() && clean
    }

    /// Polls `condition` every 20 ms until it holds or about `seconds` pass; returns whether it came to hold.
    static func eventually(within seconds: Double = 10, _ condition: () throws -> Bool) async throws -> Bool {
        try await LiveApplication.eventually(within: seconds, condition)
    }

    /// The value of one `/metrics` sample written exactly as `series`.
    static func metric(_ port: Int, _ series: String) throws -> Double? {
        StackPrometheus.value(of: series, in: try StackLive.send(port, "/metrics").text)
    }
}

/// Multipart uploads to the running server over `RawClient`, and the audio they carry.
enum TranscriptionUpload {
    static let desktopPath = "/api/transcribe/audio"
    static let openAIPath = "/v1/audio/transcriptions"

    /// A PCM WAV (16 kHz mono 16-bit) of `dataBytes` bytes whose samples follow `seed`, so that two calls with
    /// different seeds give different audio (and different hashes).
    static func wav(seed: UInt64, dataBytes: Int = 8_000) -> [UInt8] {
        var audio = AudioFixtures.wav(dataBytes: dataBytes)
        var generator = SplitMix64(seed: seed)
        let start = audio.count - dataBytes
        for index in start..<audio.count { audio[index] = UInt8(truncatingIfNeeded: generator.next()) }
        return audio
    }

    /// A multipart body of `fields` and, when given, one file part.
    static func form(_ fields: [(String, String)], file: (name: String, filename: String, bytes: [UInt8])?) -> (contentType: String, body: [UInt8]) {
        var builder = MultipartBuilder()
        for (name, value) in fields { builder.addField(name: name, value: value) }
        if let file { builder.addFile(name: file.name, filename: file.filename, contentType: "audio/wav", bytes: file.bytes) }
        return (builder.contentType, builder.build())
    }

    /// Posts a multipart body to `path` with `token` (none when nil) on a fresh connection.
    static func post(
        _ session: TranscriptionSession, _ path: String, fields: [(String, String)] = [],
        file: (name: String, filename: String, bytes: [UInt8])?, token: String? = nil
    ) throws -> RawClient.Reply {
        let (contentType, body) = form(fields, file: file)
        return try raw(session, path, contentType: contentType, body: body, token: token ?? session.token)
    }

    /// Posts `body` as is.
    static func raw(_ session: TranscriptionSession, _ path: String, contentType: String?, body: [UInt8],
                    token: String?) throws -> RawClient.Reply {
        var headers: [(String, String)] = []
        if let token { headers.append(("Authorization", "Bearer " + token)) }
        if let contentType { headers.append(("Content-Type", contentType)) }
        return try StackLive.send(session.port, path, method: "POST", headers: headers, body: body)
    }

    /// The desktop API: `audio`, `language`, `mode`.
    static func desktop(_ session: TranscriptionSession, audio: [UInt8], language: String? = nil,
                        mode: String? = nil) throws -> RawClient.Reply {
        var fields: [(String, String)] = []
        if let language { fields.append(("language", language)) }
        if let mode { fields.append(("mode", mode)) }
        return try post(session, desktopPath, fields: fields, file: ("audio", "clip.wav", audio))
    }

    /// The OpenAI API: `file`, `model`, `response_format`, `language`.
    static func openAI(_ session: TranscriptionSession, audio: [UInt8], format: String? = nil, language: String? = nil,
                       path: String = openAIPath) throws -> RawClient.Reply {
        var fields: [(String, String)] = [("model", "whisper-1")]
        if let format { fields.append(("response_format", format)) }
        if let language { fields.append(("language", language)) }
        return try post(session, path, fields: fields, file: ("file", "speech.wav", audio))
    }
}
