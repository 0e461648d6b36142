@testable import Basics
@testable import Identity
import Foundation
import Storage
import TestSupport
@testable import Eloquent

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
