import Foundation
import HTTPServer
import Storage
import TestSupport
@testable import Eloquent

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
