import Foundation
import HTTPServer
import TestSupport
@testable import Eloquent

/// A real `Application` behind a real `HTTPServer` on 127.0.0.1:0, and a few HTTP helpers over `RawClient`.
enum StackLive {
    /// The environment of a live test: loopback, port 0, a fresh `DATA_DIR` under `directory`, plus `extra`.
    static func environment(directory: String, _ extra: [String: String] = [:]) -> [String: String] {
        var environment = [
            "HOST": "127.0.0.1", "PORT": "0", "EVENT_LOOPS": "2", "DATA_DIR": directory + "/data",
            "SHUTDOWN_TIMEOUT": "5s", "LOG_LEVEL": "critical",
        ]
        environment.merge(extra) { $1 }
        return environment
    }

    /// Starts the whole application with `extra` settings, runs `body` with the port and configuration, shuts down
    /// gracefully, and returns whether every loop closed cleanly.
    static func withApplication(
        _ extra: [String: String] = [:], _ body: (Int, Config) async throws -> Void
    ) async throws -> Bool {
        let directory = try StackFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let config = try Config.load(environment: environment(directory: directory, extra), dotEnvPath: nil)
        let application = try await Application(config: config, logger: StackFixture.quietLogger)
        let server = HTTPServer(configuration: ServerConfiguration(config), responder: application.makeResponder(),
                                logger: StackFixture.quietLogger, state: application.state)
        let port = try server.start()
        do {
            try await body(port, config)
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

    /// One request on a fresh connection.
    static func send(_ port: Int, _ target: String, method: String = "GET", headers: [(String, String)] = [],
                     body: [UInt8] = []) throws -> RawClient.Reply {
        let client = try RawClient(port: port)
        try client.send(requestBytes(method, target, headers: headers, body: body))
        return try client.readReply(headRequest: method == "HEAD")
    }

    static func requestBytes(_ method: String, _ target: String, headers: [(String, String)] = [],
                             body: [UInt8] = []) -> [UInt8] {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: localhost\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if !body.isEmpty { text += "Content-Length: \(body.count)\r\n" }
        return Array((text + "\r\n").utf8) + body
    }

    /// The header names of `reply` in lowercase.
    static func headerNames(_ reply: RawClient.Reply) -> Set<String> {
        Set(reply.headers.map { $0.0.lowercased() })
    }
}
