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

/// A request body delivered in the given chunks, as a connection would deliver a chunked (or sized) body.
final class StackChunkSource: BodySource {
    private let remaining: Mutex<[[UInt8]]>
    private let delivered = Atomic<Int>(0)

    init(_ chunks: [[UInt8]]) { remaining = Mutex(chunks) }

    /// Bytes handed out so far.
    var deliveredBytes: Int { delivered.load(ordering: .relaxed) }

    func nextBodyChunk() async throws -> [UInt8]? {
        let chunk = remaining.withLock { $0.isEmpty ? nil : $0.removeFirst() }
        if let chunk { delivered.add(chunk.count, ordering: .relaxed) }
        return chunk
    }

    /// A chunked body of these chunks.
    static func chunked(_ chunks: [[UInt8]]) -> (RequestBody, StackChunkSource) {
        let source = StackChunkSource(chunks)
        return (RequestBody(framing: .chunked, source: source), source)
    }

    /// A body declared with `Content-Length: declared`, holding these chunks.
    static func sized(_ declared: Int, _ chunks: [[UInt8]] = []) -> (RequestBody, StackChunkSource) {
        let source = StackChunkSource(chunks)
        return (RequestBody(framing: .length(declared), source: source), source)
    }
}

/// A failure described in words.
struct StackTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A `next` responder that counts its calls and remembers the last request it saw.
final class StackRecordingNext: Sendable {
    private let state = Mutex<(calls: Int, last: Request?)>((0, nil))
    private let answer: @Sendable (Request) async throws -> Response

    init(_ answer: @escaping @Sendable (Request) async throws -> Response = { _ in .text("ok") }) {
        self.answer = answer
    }

    var calls: Int { state.withLock { $0.calls } }
    var lastRequest: Request? { state.withLock { $0.last } }

    var responder: ClosureResponder {
        ClosureResponder { request in
            self.state.withLock { $0 = ($0.calls + 1, request) }
            return try await self.answer(request)
        }
    }
}

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

/// Reading Prometheus text: our own light checks, and the official Python client's parser when it is installed.
enum StackPrometheus {
    /// The value of the sample written exactly as `series` (`name{labels}`), or nil.
    static func value(of series: String, in text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    /// The sum of every sample of `name` (with any labels).
    static func total(_ name: String, in text: String) -> Double {
        text.split(separator: "\n").filter { $0.hasPrefix(name + "{") || $0.hasPrefix(name + " ") }
            .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }.reduce(0, +)
    }

    /// Lines that are neither `# HELP`/`# TYPE` comments nor `name[{labels}] value` samples.
    static func malformedLines(_ text: String) -> [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().filter { line in
            if line.hasPrefix("# HELP ") || line.hasPrefix("# TYPE ") { return false }
            guard let space = line.lastIndex(of: " "), Double(line[line.index(after: space)...]) != nil
                    || ["+Inf", "-Inf", "NaN"].contains(String(line[line.index(after: space)...])) else { return true }
            let series = line[..<space]
            let name = series.prefix { $0 != "{" }
            guard let first = name.first, first.isLetter || first == "_" || first == ":",
                  name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ":") }) else { return true }
            let rest = series.dropFirst(name.count)
            return !(rest.isEmpty || (rest.hasPrefix("{") && rest.hasSuffix("}")))
        }
    }

    static let parserScript = """
    import sys
    from prometheus_client.parser import text_string_to_metric_families
    names = set()
    for family in text_string_to_metric_families(sys.stdin.read()):
        for sample in family.samples:
            names.add(sample.name)
    print("\\n".join(sorted(names)))
    """

    /// Whether `python3` with `prometheus_client` is available.
    static var officialParserAvailable: Bool {
        (try? run(["-c", "import prometheus_client"], input: []))?.status == 0
    }

    /// The sample names the official parser reads from `text`, or the error it printed.
    static func officialSampleNames(_ text: String) throws -> Result<Set<String>, StackTestError> {
        let result = try run(["-c", parserScript], input: Array(text.utf8))
        guard result.status == 0 else { return .failure(StackTestError(result.stderr)) }
        return .success(Set(result.stdout.split(separator: "\n").map(String.init)))
    }

    private static func run(_ arguments: [String], input: [UInt8]) throws -> (status: Int32, stdout: String, stderr: String) {
        // The input goes through a file, so that a child that exits early cannot break a pipe we are writing to.
        let inputPath = try StackFixture.temporaryDirectory() + "/input"
        defer { try? FileManager.default.removeItem(atPath: (inputPath as NSString).deletingLastPathComponent) }
        try Data(input).write(to: URL(fileURLWithPath: inputPath))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let stdout = Pipe(), stderr = Pipe()
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: inputPath))
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }
}
