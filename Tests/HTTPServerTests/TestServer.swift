import HTTP1
import TestSupport
import Logging
@testable import HTTPServer
// The application's error shapes and unmatched-route answers, which the server is given as every deployment gives it.
@testable import Eloquent

/// Starts a real server on 127.0.0.1:0 with `router`, runs `body`, then shuts down gracefully and checks that every
/// loop closed with no leaked handle.
func withServer(
    loops: Int = 2,
    configure: (inout ServerConfiguration) -> Void = { _ in },
    router: Router = testRouter(),
    _ body: (Int, HTTPServer) async throws -> Void
) async throws -> Bool {
    var config = ServerConfiguration()
    config.host = "127.0.0.1"
    config.port = 0
    config.eventLoops = loops
    config.shutdownTimeout = .seconds(5)
    configure(&config)
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    let server = HTTPServer(configuration: config, responder: router, errorRenderer: AppErrorRenderer(), logger: logger)
    let port = try server.start()
    do {
        try await body(port, server)
    } catch {
        server.shutdown()
        _ = server.waitUntilStopped()
        throw error
    }
    server.shutdown()
    return server.waitUntilStopped()
}

struct TestFailure: Error {}

/// Routes used by the live tests.
func testRouter() -> Router {
    var router = Router(unmatched: ErrorResponse.unmatched)
    router.get("/hello") { _ in .text("hello") }
    router.get("/path/:name") { request in .text(request.parameters["name"] ?? "?") }
    router.post("/echo") { request in
        let body = try await request.body.collect(upTo: 50 << 20)
        return Response(status: 200, headers: HTTPHeaders([("Content-Type", "application/octet-stream")]), body: body)
    }
    router.post("/count") { request in
        var total = 0
        while let chunk = try await request.body.read() { total += chunk.count }
        return .text(String(total))
    }
    router.post("/stream-echo") { request in
        let sink = StreamSink()
        try await request.body.stream { bytes in try sink.receive(bytes) }
        return Response(status: 200, headers: HTTPHeaders([("Content-Type", "application/octet-stream"),
                                                           ("X-Calls", String(sink.calls))]), body: sink.bytes)
    }
    router.post("/stream-refuse") { request in
        // The reader gives up after 1000 bytes.
        let sink = StreamSink(limit: 1000)
        try await request.body.stream { bytes in try sink.receive(bytes) }
        return .text("not reached")
    }
    router.post("/ignore") { _ in .text("ignored") }
    router.get("/slow") { request in
        let ms = Int(request.queryValue("ms") ?? "100") ?? 100
        try await Task.sleep(for: .milliseconds(ms))
        return .text("slow \(ms)")
    }
    router.get("/fail") { _ in throw TestFailure() }
    router.get("/teapot") { _ in throw HTTPError(418, "I am a teapot") }
    router.get("/query") { request in .text(request.queryValue("q") ?? "<none>") }
    return router
}

/// What a streamed body delivered; touched by one thread at a time.
final class StreamSink: @unchecked Sendable {
    var bytes: [UInt8] = []
    var calls = 0
    let limit: Int

    init(limit: Int = .max) { self.limit = limit }

    func receive(_ chunk: UnsafeRawBufferPointer) throws {
        calls += 1
        precondition(!chunk.isEmpty, "empty piece")
        bytes += chunk
        if bytes.count > limit { throw HTTPError(422, "enough") }
    }
}
