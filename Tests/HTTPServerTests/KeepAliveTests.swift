import Testing
import Glibc
import TestSupport
@testable import HTTPServer

@Suite struct KeepAliveTests {
    @Test func servesSeveralRequestsOnOneConnection() async throws {
        let clean = try await withServer { port, _ in
            let client = try RawClient(port: port)
            for _ in 0..<5 {
                try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
                let reply = try client.readReply()
                #expect(reply.status == 200)
                #expect(reply.text == "hello")
                #expect(reply.header("Connection") == nil)
                #expect(reply.header("Server") == "eloquent")
                #expect(reply.header("Date")?.hasSuffix(" GMT") == true)
                #expect(reply.header("Content-Length") == "5")
            }
        }
        #expect(clean)
    }

    @Test func connectionCloseIsHonoured() async throws {
        let clean = try await withServer { port, _ in
            let client = try RawClient(port: port)
            try client.send("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            let reply = try client.readReply()
            #expect(reply.header("Connection") == "close")
            #expect(try client.isClosedByServer())
        }
        #expect(clean)
    }

    @Test func http10ClosesByDefault() async throws {
        let clean = try await withServer { port, _ in
            let client = try RawClient(port: port)
            try client.send("GET /hello HTTP/1.0\r\n\r\n")
            let reply = try client.readReply()
            #expect(reply.status == 200)
            #expect(reply.text == "hello")
            #expect(try client.isClosedByServer())
        }
        #expect(clean)
    }

    @Test func http10KeepAliveIsKept() async throws {
        let clean = try await withServer { port, _ in
            let client = try RawClient(port: port)
            for _ in 0..<3 {
                try client.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                let reply = try client.readReply()
                #expect(reply.header("Connection") == "keep-alive")
            }
        }
        #expect(clean)
    }

    @Test func pipelinedResponsesComeInOrder() async throws {
        let clean = try await withServer { port, _ in
            let client = try RawClient(port: port)
            try client.send("GET /slow?ms=150 HTTP/1.1\r\nHost: x\r\n\r\nGET /path/second HTTP/1.1\r\nHost: x\r\n\r\nPOST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nthirdGET /slow?ms=1 HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readReply().text == "slow 150")
            #expect(try client.readReply().text == "second")
            #expect(try client.readReply().text == "third")
            #expect(try client.readReply().text == "slow 1")
        }
        #expect(clean)
    }

    @Test func headGetsLengthButNoBody() async throws {
        let clean = try await withServer { port, _ in
            let client = try RawClient(port: port)
            try client.send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            let reply = try client.readReply(headRequest: true)
            #expect(reply.status == 200)
            #expect(reply.header("Content-Length") == "5")
            try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readReply().text == "hello")  // no stray body bytes came after the HEAD reply
        }
        #expect(clean)
    }
}

@Suite struct WriteBackpressureTests {
    @Test func pipeliningWithoutReadingPausesParsingAndLosesNothing() async throws {
        var router = testRouter()
        let big = [UInt8](repeating: UInt8(ascii: "b"), count: 256 * 1024)
        router.get("/big") { _ in Response(status: 200, body: big) }
        let clean = try await withServer(loops: 1, router: router) { port, server in
            let client = try RawClient(port: port)
            let count = 200
            try client.send(String(repeating: "GET /big HTTP/1.1\r\nHost: x\r\n\r\n", count: count))
            usleep(500_000)
            // 200 x 256 KiB would be 50 MiB queued in the server; it must have stopped parsing long before.
            let parsed = server.state.stats.snapshot().requests
            #expect(parsed < count)
            for _ in 0..<count {
                let reply = try client.readReply()
                #expect(reply.status == 200 && reply.body.count == big.count)
            }
            #expect(server.state.stats.snapshot().requests == count)
        }
        #expect(clean)
    }
}
