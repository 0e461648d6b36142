import Testing
import TestSupport
import Glibc
@testable import HTTPServer

@Suite struct LimitsAndTimeoutTests {
    @Test func oversizedHeadGets431() async throws {
        let clean = try await withServer(configure: { $0.maxHeaderBytes = 4096 }) { port, _ in
            let client = try RawClient(port: port)
            try client.send("GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "a", count: 8000) + "\r\n\r\n")
            let reply = try client.readReply()
            #expect(reply.status == 431)
            #expect(reply.header("Connection") == "close")
            #expect(try client.isClosedByServer())
        }
        #expect(clean)
    }

    @Test func malformedRequestGets400AndClose() async throws {
        let clean = try await withServer { port, _ in
            for bad in ["GET /hello HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
                        "GET  /hello HTTP/1.1\r\nHost: x\r\n\r\n",
                        "GET /hello HTTP/1.1\r\nHost: x\r\nX: a\r\n b\r\n\r\n",
                        "GET /hello HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
                        "GET /hello HTTP/1.1\r\n\r\n"] {
                let client = try RawClient(port: port)
                try client.send(bad)
                let reply = try client.readReply()
                #expect(reply.status == 400, "\(bad.debugDescription)")
                #expect(try client.isClosedByServer())
            }
        }
        #expect(clean)
    }

    @Test func stalledHeadTimesOut() async throws {
        let clean = try await withServer(configure: { $0.headerTimeout = .milliseconds(300) }) { port, server in
            let client = try RawClient(port: port)
            try client.send("GET /hello HTTP/1.1\r\nHo")
            let reply = try client.readReply()
            #expect(reply.status == 408)
            #expect(try client.isClosedByServer())
            #expect(server.state.stats.snapshot().timeouts >= 1)
        }
        #expect(clean)
    }

    /// The loop's timers run before its reads in each iteration: after a stall, a head that arrived in time but was not
    /// read yet must be served, not cut as a header timeout (it was reset with its request unread).
    @Test func aHeadThatArrivedWhileTheLoopWasStalledIsServed() async throws {
        var router = testRouter()
        router.get("/stall") { _ in
            usleep(1_500_000)  // blocks the loop thread the handler runs on: longer than the header timeout
            return .text("done")
        }
        let clean = try await withServer(loops: 1, configure: { $0.headerTimeout = .seconds(1) }, router: router) { port, _ in
            let waiting = try RawClient(port: port)  // accepted while the loop is free: its header deadline runs
            usleep(100_000)
            let staller = try RawClient(port: port)
            try staller.send("GET /stall HTTP/1.1\r\nHost: x\r\n\r\n")
            usleep(300_000)
            try waiting.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")  // 0.4 s after its accept, 0.6 s to spare
            #expect(try staller.readReply().text == "done")
            #expect(try waiting.readReply().text == "hello")
            // A head that really stalls is still cut at the timeout.
            let stalled = try RawClient(port: port)
            try stalled.send("GET /hello HTTP/1.1\r\nHo")
            #expect(try stalled.readReply().status == 408)
        }
        #expect(clean)
    }

    @Test func stalledBodyTimesOutButSlowBodyDoesNot() async throws {
        let clean = try await withServer(configure: { $0.readTimeout = .milliseconds(500) }) { port, _ in
            // Slow but moving: a piece every 150 ms for longer than the timeout in total.
            let slow = try RawClient(port: port)
            try slow.send("POST /count HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n")
            for _ in 0..<10 {
                usleep(100_000)  // a blocking sleep: the timing must not depend on the test thread pool
                try slow.send("x")
            }
            #expect(try slow.readReply().text == "10")

            let stalled = try RawClient(port: port)
            try stalled.send("POST /count HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nxx")
            let reply = try stalled.readReply()
            #expect(reply.status == 408)
            #expect(try stalled.isClosedByServer())
        }
        #expect(clean)
    }

    @Test func idleKeepAliveConnectionIsClosed() async throws {
        let clean = try await withServer(configure: { $0.idleTimeout = .milliseconds(300) }) { port, _ in
            let client = try RawClient(port: port)
            try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            _ = try client.readReply()
            #expect(try client.isClosedByServer())
        }
        #expect(clean)
    }

    @Test func connectionLimitRefusesExtraConnections() async throws {
        let clean = try await withServer(loops: 1, configure: { $0.maxConnections = 2 }) { port, server in
            let a = try RawClient(port: port)
            let b = try RawClient(port: port)
            try a.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            try b.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            _ = try a.readReply()
            _ = try b.readReply()
            let c = try RawClient(port: port)
            #expect(try c.isClosedByServer())
            #expect(server.state.stats.snapshot().refusedConnections == 1)
        }
        #expect(clean)
    }

    @Test func thousandsOfConnectionsLeakNoHandle() async throws {
        let clean = try await withServer { port, server in
            for index in 0..<3000 {
                let client = try RawClient(port: port)
                if index % 3 == 0 {
                    try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
                    _ = try client.readReply()
                } else if index % 3 == 1 {
                    try client.send("GET /hel")  // half a head, then gone
                }
            }
            // Wait for the server to see every connection (the last ones may still be in the accept queue) and every close.
            for _ in 0..<100 {
                let seen = server.state.stats.snapshot()
                if seen.openConnections == 0 && seen.acceptedConnections >= 3000 { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            let stats = server.state.stats.snapshot()
            #expect(stats.openConnections == 0)
            #expect(stats.acceptedConnections == 3000)
        }
        #expect(clean)  // uv_loop_close succeeded on every loop
    }
}
