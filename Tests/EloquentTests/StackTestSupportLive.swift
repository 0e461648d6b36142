import Foundation
import HTTPServer
import TestSupport
@testable import Eloquent

/// A real `Application` behind a real `HTTPServer` on 127.0.0.1:0, and a few HTTP helpers over `RawClient`.
enum StackLive {
    /// The environment of a live test (`LiveApplication.environment`).
    static func environment(directory: String, _ extra: [String: String] = [:]) -> [String: String] {
        LiveApplication.environment(directory: directory, extra)
    }

    /// Starts the whole application with `extra` settings, runs `body` with the port and configuration, shuts down
    /// gracefully, and returns whether every loop closed cleanly.
    static func withApplication(
        _ extra: [String: String] = [:], _ body: (Int, Config) async throws -> Void
    ) async throws -> Bool {
        try await LiveApplication.run(extra) { try await body($0.port, $0.config) }
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
