public import Eloquent
public import HTTPServer
public import Logging
import Foundation

/// A running application in a live test: its port, its configuration, and the application itself (store, verifier)
/// so that a test can check what a route really changed.
public struct LiveApp: Sendable {
    public let port: Int
    public let config: Config
    public let application: Application
}

/// The one live-application harness: the whole `Application` behind its real `HTTPServer` (the same one `serve`
/// builds: its middleware stack, its error shapes) on 127.0.0.1:0, a fresh `DATA_DIR`, and a clean shutdown check.
/// Every live suite starts the application through it; stand-ins for paid APIs are `StandInServer`s.
public enum LiveApplication {
    /// A logger that writes nothing.
    public static let quietLogger = Logger(label: "live-test") { _ in SwiftLogNoOpLogHandler() }

    /// The environment of a live test: loopback, port 0, two loops, a `DATA_DIR` under `directory`, plus `extra`.
    public static func environment(directory: String, _ extra: [String: String] = [:]) -> [String: String] {
        var environment = [
            "HOST": "127.0.0.1", "PORT": "0", "EVENT_LOOPS": "2", "DATA_DIR": directory + "/data",
            "SHUTDOWN_TIMEOUT": "5s", "LOG_LEVEL": "critical",
        ]
        environment.merge(extra) { $1 }
        return environment
    }

    /// A fresh empty directory under the system's temporary directory.
    public static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("eloquent-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Starts the application with `settings` (logging through `logger`), lets `prepare` set up state, runs `body`, then stops the HTTP server
    /// and the application's services whether `body` succeeded or not (its error is rethrown). With `directory`,
    /// `DATA_DIR` is `directory/data` and is kept (restart tests remove it themselves); otherwise a temporary
    /// directory is made and removed. Returns whether every loop and the store closed cleanly.
    public static func run(
        _ settings: [String: String] = [:], directory: String? = nil, logger: Logger = LiveApplication.quietLogger,
        prepare: (Application, Config) async throws -> Void = { _, _ in },
        _ body: (LiveApp) async throws -> Void
    ) async throws -> Bool {
        let root = try directory ?? temporaryDirectory()
        defer { if directory == nil { try? FileManager.default.removeItem(atPath: root) } }
        let config = try Config.load(environment: environment(directory: root, settings), dotEnvPath: nil)
        let application = try await Application(config: config, logger: logger)
        let server = application.makeServer()
        let port: Int
        do {
            port = try server.start()
        } catch {
            _ = await application.shutdown()
            throw error
        }
        var failure: (any Error)?
        do {
            try await prepare(application, config)
            try await body(LiveApp(port: port, config: config, application: application))
        } catch {
            failure = error
        }
        server.shutdown()
        let httpClean = server.waitUntilStopped()
        let servicesClean = await application.shutdown()
        if let failure { throw failure }
        return httpClean && servicesClean
    }

    /// Polls `condition` every 20 ms until it holds or about `seconds` pass; returns whether it came to hold.
    public static func eventually(within seconds: Double = 10, _ condition: () throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try condition()
    }
}

/// A loopback stand-in for a paid external API (the Whisper provider, Stripe, Supabase), built from the project's own
/// `HTTPServer` and `Router` on 127.0.0.1:0, so that it speaks the real wire format over real sockets.
public final class StandInServer: Sendable {
    private let server: HTTPServer
    public let port: Int

    /// Starts `router` on one loop.
    public init(_ router: Router, shutdownTimeout: Duration = .seconds(2)) throws {
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.eventLoops = 1
        configuration.shutdownTimeout = shutdownTimeout
        server = HTTPServer(configuration: configuration, responder: router, logger: LiveApplication.quietLogger)
        port = try server.start()
    }

    /// `http://127.0.0.1:<port>` followed by `path`.
    public func url(_ path: String = "") -> String { "http://127.0.0.1:\(port)" + path }

    /// Stops the stand-in (a request still waiting is cancelled); returns whether its loop closed cleanly.
    @discardableResult
    public func stop() -> Bool {
        server.shutdown()
        return server.waitUntilStopped()
    }
}
