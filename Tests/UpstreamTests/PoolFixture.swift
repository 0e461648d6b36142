import Testing
import Upstream
import UVCore

/// A client loop with one pool, and a test server; `finish()` shuts everything down and reports whether both loops
/// closed with no handle left open.
struct PoolFixture {
    let loop: EventLoop
    let pool: UpstreamPool
    let server: TestServer

    init(_ configure: (inout UpstreamPool.Configuration) -> Void = { _ in }) throws {
        server = try TestServer()
        loop = try EventLoop(name: "upstream-test")
        loop.start()
        var configuration = UpstreamPool.Configuration(name: "groq")
        configure(&configuration)
        pool = UpstreamPool(configuration, loop: loop)
    }

    func get(_ path: String, headers: [(String, String)] = [], timeout: Duration? = nil) async throws(UpstreamError) -> UpstreamResponse {
        try await pool.send(UpstreamRequest(url: server.url(path), headers: headers, timeout: timeout))
    }

    /// Shuts the pool down, stops both loops and expects `uv_loop_close` to have returned 0 for each.
    func finish(sourceLocation: SourceLocation = #_sourceLocation) async {
        await pool.shutdown()
        loop.stop()
        #expect(loop.join() == 0, "client loop closed with open handles", sourceLocation: sourceLocation)
        #expect(server.stop() == 0, "server loop closed with open handles", sourceLocation: sourceLocation)
    }
}

/// The error `body` threw, or nil when it returned (any error other than `UpstreamError` is recorded as an issue).
func upstreamFailure(_ body: () async throws -> UpstreamResponse) async -> UpstreamError? {
    do {
        _ = try await body()
        return nil
    } catch let error as UpstreamError {
        return error
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}

/// Waits (up to about ten seconds) until `condition` holds; returns whether it did.
func eventually(_ condition: () -> Bool) async -> Bool {
    for _ in 0..<1000 {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}

/// The number of threads in this process.
func threadCount() -> Int {
    guard let status = try? readProcFile("/proc/self/status") else { return -1 }
    let line = status.split(separator: "\n").first { $0.hasPrefix("Threads:") } ?? ""
    return Int(line.dropFirst("Threads:".count).trimmingPrefix(while: { $0 == " " || $0 == "\t" })) ?? -1
}

/// Test suites that talk to real sockets run one at a time, so thread and connection counts are their own.
@Suite(.serialized) struct UpstreamLive {}
