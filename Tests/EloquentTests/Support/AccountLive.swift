import Foundation
import HTTPServer
import Storage
import TestSupport
@testable import Eloquent
@testable import Basics
@testable import Identity
@testable import Multipart

/// A whole `Application` behind a real `HTTPServer` on 127.0.0.1:0 for the account, usage and admin tests, with the
/// application itself at hand (store, token verifier) so that a test can check what a route really changed.
enum AccountLive {
    /// The admin email every session configures in `ADMIN_EMAILS`.
    static let adminEmail = "boss@example.com"

    /// Runs `body` against a fresh application. With `directory`, `DATA_DIR` is `directory/data` and is kept (for
    /// restart tests, the caller removes it); otherwise a temporary directory is made and removed. Returns whether the
    /// server and the application closed cleanly.
    static func run(
        _ extra: [String: String] = [:], directory: String? = nil, _ body: (AccountSession) async throws -> Void
    ) async throws -> Bool {
        var settings = ["RATE_LIMIT_REQUESTS": "100000", "ADMIN_EMAILS": adminEmail]
        settings.merge(extra) { $1 }
        return try await LiveApplication.run(settings, directory: directory) { live in
            try await body(AccountSession(port: live.port, config: live.config, application: live.application))
        }
    }
}

/// Reading JSON values the way the tests need them.
enum AccountJSONValue {
    static func number(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }
    static func object(_ value: Any?) -> [String: Any] { value as? [String: Any] ?? [:] }
}

/// One running application: HTTP calls with JSON bodies and bearer tokens, and access to its store and verifier.
struct AccountSession {
    let port: Int
    let config: Config
    let application: Application

    /// An access token for `user` signed with the server's own secret.
    func token(_ user: AccountUser, ttl: Int = 600) throws -> String {
        try TokenMinter.mint(sub: user.id, email: user.email, ttl: ttl, secret: IdentitySetup.secret(for: config),
                             issuer: IdentitySetup.issuer(for: config))
    }

    /// One request on a fresh connection. `json` is serialised with `JSONSerialization`; `raw` is sent as is.
    func call(_ method: String, _ target: String, token: String? = nil, json: Any? = nil, raw: [UInt8]? = nil,
              headers: [(String, String)] = []) throws -> RawClient.Reply {
        var all = headers
        if let token { all.append(("Authorization", "Bearer " + token)) }
        var body: [UInt8] = []
        if let json {
            body = Array(try JSONSerialization.data(withJSONObject: json))
            all.append(("Content-Type", "application/json"))
        } else if let raw {
            body = raw
            all.append(("Content-Type", "application/json"))
        }
        return try StackLive.send(port, target, method: method, headers: all, body: body)
    }

    /// `call` for a user (a token is minted) whose reply must be a JSON object.
    func object(_ method: String, _ target: String, as user: AccountUser, json: Any? = nil) throws -> (Int, [String: Any]) {
        let reply = try call(method, target, token: token(user), json: json)
        return (reply.status, try StackFixture.jsonObject(reply.body))
    }

    /// Signs `user` in through `POST /api/auth/google`; the reply must be 200.
    @discardableResult
    func signIn(_ user: AccountUser, deviceId: String? = nil) throws -> [String: Any] {
        var body: [String: Any] = ["access_token": try token(user), "refresh_token": "refresh-" + user.id]
        if let deviceId { body["deviceId"] = deviceId }
        let reply = try call("POST", "/api/auth/google", json: body)
        guard reply.status == 200 else { throw StackTestError("sign-in gave \(reply.status): \(reply.text)") }
        return try StackFixture.jsonObject(reply.body)
    }

    /// `GET /api/usage/stats` of `user`: `current_month`, `limit`, `remaining`.
    func stats(_ user: AccountUser) throws -> [String: Any] {
        let (status, json) = try object("GET", "/api/usage/stats", as: user)
        guard status == 200 else { throw StackTestError("stats gave \(status)") }
        return json
    }

    /// `GET /api/usage/history` of `user`, newest first.
    func history(_ user: AccountUser, limit: Int? = nil) throws -> [[String: Any]] {
        let (status, json) = try object("GET", "/api/usage/history" + (limit.map { "?limit=\($0)" } ?? ""), as: user)
        guard status == 200, let history = json["history"] as? [[String: Any]] else { throw StackTestError("history gave \(status)") }
        return history
    }

    /// `POST /api/usage/report` of `seconds` for `user`; the status and JSON reply.
    func report(_ user: AccountUser, seconds: Any, mode: String = "standard") throws -> (Int, [String: Any]) {
        try object("POST", "/api/usage/report", as: user, json: ["duration_seconds": seconds, "mode": mode, "language": "en"])
    }

    /// `POST /api/auth/validate` of `user` (must be 200).
    func validate(_ user: AccountUser) throws -> [String: Any] {
        let (status, json) = try object("POST", "/api/auth/validate", as: user)
        guard status == 200 else { throw StackTestError("validate gave \(status): \(json)") }
        return json
    }

    /// The seconds charged to `user` this month, read from the store.
    func monthSeconds(_ user: AccountUser) async throws -> Double {
        try await application.store.monthSeconds(userID: user.id, month: UsageMonth.of(SystemClock.wallClock().seconds))
    }
}

/// Audio and multipart uploads for the metering tests.
enum AccountUpload {
    /// A minimal valid WAV file: RIFF/WAVE, a PCM `fmt ` chunk (16 kHz, mono, 16-bit) and `samples` samples of silence.
    static func wav(samples: Int = 16_000) -> [UInt8] {
        let dataBytes = samples * 2
        var bytes: [UInt8] = Array("RIFF".utf8) + le32(36 + dataBytes) + Array("WAVE".utf8)
        bytes += Array("fmt ".utf8) + le32(16) + le16(1) + le16(1) + le32(16_000) + le32(32_000) + le16(2) + le16(16)
        bytes += Array("data".utf8) + le32(dataBytes) + [UInt8](repeating: 0, count: dataBytes)
        return bytes
    }

    /// A multipart form with `audio` (a WAV file) and the given text fields.
    static func form(audio: [UInt8] = wav(), fields: [(String, String)] = []) -> (contentType: String, body: [UInt8]) {
        var builder = MultipartBuilder()
        for (name, value) in fields { builder.addField(name: name, value: value) }
        builder.addFile(name: "audio", filename: "speech.wav", contentType: "audio/wav", bytes: audio)
        return (builder.contentType, builder.build())
    }

    private static func le32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) } }
    private static func le16(_ value: Int) -> [UInt8] { (0..<2).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) } }
}

/// A user of a test: a fresh `sub` and an email.
struct AccountUser: Sendable {
    let id: String
    let email: String

    init(_ email: String, id: String = UUID().uuidString.lowercased()) {
        self.id = id
        self.email = email
    }
}
