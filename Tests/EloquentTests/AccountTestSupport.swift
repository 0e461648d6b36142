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
        let root = try directory ?? StackFixture.temporaryDirectory()
        defer { if directory == nil { try? FileManager.default.removeItem(atPath: root) } }
        var settings = ["RATE_LIMIT_REQUESTS": "100000", "ADMIN_EMAILS": adminEmail]
        settings.merge(extra) { $1 }
        let config = try Config.load(environment: StackLive.environment(directory: root, settings), dotEnvPath: nil)
        let application = try await Application(config: config, logger: StackFixture.quietLogger)
        let server = HTTPServer(configuration: ServerConfiguration(config), responder: application.makeResponder(),
                                logger: StackFixture.quietLogger, state: application.state)
        let port: Int
        do {
            port = try server.start()
        } catch {
            _ = await application.shutdown()
            throw error
        }
        let session = AccountSession(port: port, config: config, application: application)
        do {
            try await body(session)
        } catch {
            server.shutdown()
            _ = server.waitUntilStopped()
            _ = await application.shutdown()
            throw error
        }
        server.shutdown()
        let clean = server.waitUntilStopped()
        return await application.shutdown() && clean
    }
}
