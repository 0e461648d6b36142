@testable import Basics
@testable import Identity
import Foundation
import HTTPServer
import Logging
import Storage
import TestSupport
@testable import Eloquent

/// The whole application as the binary runs it (`Application.makeServer`: its error renderer and outer middleware
/// included) on 127.0.0.1:0, for the issue 11 live tests: the desktop client's flows, the hand-off pages, the gateway.
struct FlowSession {
    let port: Int
    let config: Config
    let application: Application

    /// An access token for `sub` signed with the server's own secret.
    func token(_ sub: String, email: String? = nil, ttl: Int = 600) throws -> String {
        try TokenMinter.mint(sub: sub, email: email ?? "\(sub)@example.com", ttl: ttl, secret: IdentitySetup.secret(for: config),
                             issuer: IdentitySetup.issuer(for: config))
    }

    /// Stores `sub` on `plan` and returns a token for it.
    func user(_ sub: String, plan: Plan) async throws -> String {
        let now = Int(Date().timeIntervalSince1970)
        _ = try await application.store.upsertUserFromSignIn(id: sub, email: "\(sub)@example.com", name: nil, pictureURL: nil, now: now)
        _ = try await application.store.setPlan(userID: sub, plan: plan, now: now)
        return try token(sub)
    }

    /// One request on a fresh connection; `json` is sent as `application/json`.
    func send(_ method: String, _ target: String, token: String? = nil, json: String? = nil,
              headers: [(String, String)] = [], body: [UInt8] = []) throws -> RawClient.Reply {
        var all = headers
        if let token { all.append(("Authorization", "Bearer " + token)) }
        if json != nil { all.append(("Content-Type", "application/json")) }
        return try StackLive.send(port, target, method: method, headers: all, body: json.map { Array($0.utf8) } ?? body)
    }

    /// `send` whose reply must be a JSON object.
    func object(_ method: String, _ target: String, token: String? = nil, json: String? = nil) throws -> (Int, [String: Any]) {
        let reply = try send(method, target, token: token, json: json)
        return (reply.status, try StackFixture.jsonObject(reply.body))
    }
}

enum FlowLive {
    /// Runs `body` against a fresh application built with `extra` settings (a temporary `DATA_DIR`), then stops the
    /// server and the application. Returns whether everything closed cleanly.
    static func run(_ extra: [String: String] = [:], logger: Logger = StackFixture.quietLogger,
                    _ body: (FlowSession) async throws -> Void) async throws -> Bool {
        var settings = ["RATE_LIMIT_REQUESTS": "100000"]
        settings.merge(extra) { $1 }
        return try await LiveApplication.run(settings, logger: logger) { live in
            try await body(FlowSession(port: live.port, config: live.config, application: live.application))
        }
    }
}

/// Small text helpers for HTML pages and URLs.
enum PageText {
    /// Every `<script …>…</script>` body of `html`.
    static func scripts(_ html: String) -> [String] {
        var out: [String] = []
        var rest = Substring(html)
        while let open = rest.range(of: "<script") {
            guard let tagEnd = rest[open.upperBound...].firstIndex(of: ">"),
                  let close = rest[tagEnd...].range(of: "</script>") else { break }
            out.append(String(rest[rest.index(after: tagEnd)..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return out
    }

    /// The raw (still HTML-escaped) value of `attribute` in the element whose `id` is `id`.
    static func attribute(_ attribute: String, ofID id: String, in html: String) -> String? {
        guard let idRange = html.range(of: "id=\"\(id)\"") else { return nil }
        let tagStart = html[..<idRange.lowerBound].lastIndex(of: "<") ?? html.startIndex
        let tagEnd = html[idRange.upperBound...].firstIndex(of: ">") ?? html.endIndex
        let tag = html[tagStart..<tagEnd]
        guard let start = tag.range(of: " \(attribute)=\"") else { return nil }
        let value = tag[start.upperBound...]
        guard let end = value.firstIndex(of: "\"") else { return nil }
        return String(value[..<end])
    }

    /// Undoes HTML escaping (the five entities the pages use).
    static func htmlUnescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The query of a URL as name → percent-decoded value.
    static func queryItems(_ url: String) -> [String: String] {
        guard let mark = url.firstIndex(of: "?") else { return [:] }
        var out: [String: String] = [:]
        for pair in url[url.index(after: mark)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]).removingPercentEncoding ?? ""
            out[name] = parts.count > 1 ? String(parts[1]).removingPercentEncoding : ""
        }
        return out
    }
}
