@testable import Identity
import Foundation
import HTTPServer
import Storage
import TestSupport
@testable import Eloquent

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
