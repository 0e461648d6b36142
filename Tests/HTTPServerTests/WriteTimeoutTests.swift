import Testing
import TestSupport
import Glibc
import HTTP1
@testable import HTTPServer

/// `WRITE_TIMEOUT` is a stall limit: it restarts whenever the client takes bytes.
@Suite struct WriteTimeoutTests {
    static let size = 16 << 20

    static func router() -> Router {
        var router = testRouter()
        let big = [UInt8](repeating: UInt8(ascii: "a"), count: size)
        router.get("/big") { _ in Response(status: 200, headers: HTTPHeaders([("Content-Type", "application/octet-stream")]), body: big) }
        return router
    }

    /// Reads what the server sends, `chunk` bytes then a pause of `pauseMicros`, until EOF, reset or timeout.
    static func drain(_ client: RawClient, chunk: Int, pauseMicros: UInt32) -> Int {
        var buffer = [UInt8](repeating: 0, count: chunk)
        var total = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(client.fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return total }
            total += n
            if pauseMicros > 0 { usleep(pauseMicros) }
        }
    }

    static func shrinkReceiveBuffer(_ client: RawClient) {
        var size: Int32 = 64 * 1024
        _ = setsockopt(client.fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
    }

    @Test func aSlowSteadyReaderOfALargeResponseIsNeverCut() async throws {
        // 1 s: still a small part of the seconds the read takes, and no longer within reach of a scheduling pause of
        // the reading thread on a loaded machine (300 ms was, at load ~11).
        let clean = try await withServer(configure: { $0.writeTimeout = .seconds(1) }, router: Self.router()) { port, server in
            let client = try RawClient(port: port)
            Self.shrinkReceiveBuffer(client)
            try client.send("GET /big HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            // About 2.5 MiB/s: the 16 MiB response takes several seconds to read, many times the write timeout.
            let received = Self.drain(client, chunk: 64 * 1024, pauseMicros: 25_000)
            #expect(received > Self.size, "got \(received) bytes")
            #expect(server.state.stats.snapshot().timeouts == 0)
        }
        #expect(clean)
    }

    @Test func aReaderThatStopsIsCut() async throws {
        let clean = try await withServer(configure: { $0.writeTimeout = .milliseconds(300) }, router: Self.router()) { port, server in
            let client = try RawClient(port: port)
            Self.shrinkReceiveBuffer(client)
            try client.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
            usleep(1_500_000)  // takes nothing for five write timeouts
            let received = Self.drain(client, chunk: 64 * 1024, pauseMicros: 0)
            #expect(received < Self.size, "got \(received) bytes")
            #expect(server.state.stats.snapshot().timeouts >= 1)
        }
        #expect(clean)
    }
}
