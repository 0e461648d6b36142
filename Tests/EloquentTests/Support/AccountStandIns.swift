import TestSupport
import Foundation
import HTTP1
@testable import Eloquent
@testable import HTTPServer
import Synchronization

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

/// What the provider stand-in is told to answer, and how many transcription requests it received.
final class AccountProviderState: Sendable {
    private let value = Mutex<(duration: Double, failStatus: Int?, calls: Int)>((90, nil, 0))

    /// Counts a request and returns the answer to give: the transcript's duration, or a failure status.
    func take() -> (duration: Double, failStatus: Int?) {
        value.withLock { state in
            state.calls += 1
            return (state.duration, state.failStatus)
        }
    }

    var calls: Int { value.withLock { $0.calls } }

    func fail(with status: Int?) { value.withLock { $0.failStatus = status } }
}

/// A loopback stand-in for Supabase's admin API, built from the project's own `HTTPServer` and `Router`:
/// `DELETE /auth/v1/admin/users/:id` records the call and answers with the status it is told.
final class AccountSupabaseStandIn: Sendable {
    static let serviceKey = "service-role-key-for-tests"
    static let jwtSecret = "supabase-jwt-secret-for-account-tests-0123456789"
    private let server: StandInServer
    let log = AccountSupabaseLog()
    var port: Int { server.port }

    init() throws {
        var router = Router()
        let log = log
        router.delete("/auth/v1/admin/users/:id") { request in
            let status = log.record(AccountSupabaseCall(
                userID: request.parameters["id"] ?? "", authorization: request.headers["Authorization"], apiKey: request.headers["apikey"]))
            return .json(status == 200 ? "{}" : #"{"msg":"refused"}"#, status: status)
        }
        server = try StandInServer(router)
    }

    /// The settings that point the application at this stand-in (tokens stay HS256 with `jwtSecret`).
    var environment: [String: String] {
        ["SUPABASE_URL": "http://127.0.0.1:\(port)", "SUPABASE_SERVICE_KEY": Self.serviceKey, "SUPABASE_JWT_SECRET": Self.jwtSecret]
    }

    /// Stops the stand-in; returns whether its loop closed cleanly.
    func stop() -> Bool { server.stop() }
}

/// One call the Supabase stand-in received.
struct AccountSupabaseCall: Sendable, Equatable {
    var userID: String
    var authorization: String?
    var apiKey: String?
}

/// The calls the Supabase stand-in received, and the status it answers with.
final class AccountSupabaseLog: Sendable {
    private let state = Mutex<(calls: [AccountSupabaseCall], status: Int)>(([], 200))

    /// Records `call`; returns the status to answer with.
    func record(_ call: AccountSupabaseCall) -> Int {
        state.withLock { state in
            state.calls.append(call)
            return state.status
        }
    }

    var calls: [AccountSupabaseCall] { state.withLock { $0.calls } }

    func answer(with status: Int) { state.withLock { $0.status = status } }
}
