import TestSupport
import Foundation
import HTTP1
@testable import Eloquent
@testable import HTTPServer

/// A loopback stand-in for Groq's OpenAI-compatible transcription endpoint, built from the project's own `HTTPServer`
/// and `Router`: `POST /openai/v1/audio/transcriptions` reads the whole upload and answers with a `verbose_json`
/// transcript of `duration` seconds, or with `failStatus` when set.
final class AccountProviderStandIn: Sendable {
    static let key = "gsk_account_test_key"
    private let server: StandInServer
    private let state = AccountProviderState()
    var port: Int { server.port }

    init() throws {
        var router = Router()
        let state = state
        router.post("/openai/v1/audio/transcriptions") { request in
            _ = try await request.body.collect(upTo: 32 << 20)
            let (duration, failStatus) = state.take()
            guard request.headers["Authorization"] == "Bearer " + Self.key else {
                return .error("Invalid API Key", status: 401)
            }
            if let failStatus {
                return Response(status: failStatus, headers: HTTPHeaders([("Content-Type", "application/json")]),
                                body: Array(#"{"error":{"message":"provider exploded","type":"server_error"}}"#.utf8))
            }
            return .json(#"{"task":"transcribe","language":"english","duration":\#(duration),"text":"hello from the stand-in"}"#)
        }
        server = try StandInServer(router)
    }

    /// The settings that point the application at this stand-in.
    var environment: [String: String] {
        ["TRANSCRIPTION_PROVIDER": "groq", "GROQ_API_KEY": Self.key, "GROQ_BASE_URL": "http://127.0.0.1:\(port)/openai/v1"]
    }

    /// Transcription requests received so far.
    var calls: Int { state.calls }

    /// Makes every later request fail with `status` (nil: succeed again).
    func fail(with status: Int?) { state.fail(with: status) }

    /// Stops the stand-in; returns whether its loop closed cleanly.
    func stop() -> Bool { server.stop() }
}
