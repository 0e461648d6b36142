import TestSupport
@testable import Basics
import Foundation
import HTTP1
import Logging
import Synchronization
@testable import Eloquent
@testable import HTTPServer

/// Builders shared by the middleware and stack tests: hand-made requests, a quiet logger, JSON parsing.
enum StackFixture {
    /// A logger that writes nothing.
    static var quietLogger: Logger { LiveApplication.quietLogger }

    /// A request as the server would hand it to the stack. `target` may carry a query.
    static func request(
        _ method: String = "GET", _ target: String = "/api/things", headers: [(String, String)] = [],
        version: HTTPVersion = .http1_1, peer: String = "203.0.113.7", body: RequestBody = .empty
    ) -> Request {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let framing: BodyFraming = body.isChunked ? .chunked : .length(body.declaredLength ?? 0)
        let head = RequestHead(
            method: method, target: target, path: String(parts[0]), query: parts.count > 1 ? String(parts[1]) : nil,
            version: version, headers: HTTPHeaders(headers), framing: framing, keepAlive: true, expectsContinue: false)
        return Request(head: head, peerAddress: peer, body: body,
                       receivedAt: SystemClock.monotonicNanos())
    }

    /// The JSON object `bytes` hold; throws when they are not one.
    static func jsonObject(_ bytes: [UInt8]) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            throw StackTestError("not a JSON object: \(String(decoding: bytes, as: UTF8.self))")
        }
        return object
    }

    /// Every header of `headers` whose name starts with `Access-Control-` (any case).
    static func corsHeaderNames(_ headers: HTTPHeaders) -> [String] {
        headers.map(\.name).filter { $0.lowercased().hasPrefix("access-control-") }
    }

    /// Comma-separated tokens of every `name` header, trimmed and lowercased.
    static func tokens(_ headers: HTTPHeaders, _ name: String) -> [String] {
        headers.values(name).flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    }

    /// True when `text` is exactly 32 lowercase hex digits (a generated request id).
    static func isGeneratedID(_ text: String?) -> Bool {
        guard let text else { return false }
        return text.utf8.count == 32 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// A fresh empty directory under the system's temporary directory.
    static func temporaryDirectory() throws -> String { try LiveApplication.temporaryDirectory() }
}
