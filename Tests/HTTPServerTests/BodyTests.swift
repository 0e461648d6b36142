import Testing
import Glibc
import TestSupport
@testable import HTTPServer

@Suite struct BodyTests {
    @Test func contentLengthBodyIsEchoed() async throws {
        let clean = try await withServer { port, _ in
            let client = try RawClient(port: port)
            let payload = [UInt8]((0..<300_000).map { UInt8($0 % 251) })
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: \(payload.count)\r\n\r\n")
            try client.send(payload)
            let reply = try client.readReply()
            #expect(reply.status == 200)
            #expect(reply.body == payload)
        }
        #expect(clean)
    }

    @Test func chunkedBodyWithTrailersIsDecoded() async throws {
        let clean = try await withServer { port, _ in
            let client = try RawClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n")
            try client.send("6\r\n world\r\n0\r\nX-Checksum: abc\r\n\r\n")
            let reply = try client.readReply()
            #expect(reply.text == "hello world")
            try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readReply().text == "hello")
        }
        #expect(clean)
    }

    @Test func unreadBodyOfUnknownRouteIsConsumedNotParsed() async throws {
        let clean = try await withServer { port, _ in
            let client = try RawClient(port: port)
            // The body looks like a request: it must never be answered as one.
            let smuggled = "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"
            try client.send("POST /api/nowhere HTTP/1.1\r\nHost: x\r\nContent-Length: \(smuggled.utf8.count)\r\n\r\n\(smuggled)")
            let reply = try client.readReply()
            #expect(reply.status == 404)
            #expect(reply.text == #"{"error":"API endpoint not found","path":"/api/nowhere"}"#)
            try client.send("GET /path/next HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readReply().text == "next")
        }
        #expect(clean)
    }

    @Test func ignoredChunkedBodyClosesTheConnection() async throws {
        let clean = try await withServer { port, _ in
            let client = try RawClient(port: port)
            try client.send("POST /ignore HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")
            let reply = try client.readReply()
            #expect(reply.text == "ignored")
            #expect(reply.header("Connection") == "close")
            #expect(try client.isClosedByServer())
        }
        #expect(clean)
    }

    @Test func continueIsSentOnlyWhenTheBodyIsRead() async throws {
        let clean = try await withServer { port, _ in
            let client = try RawClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
            let interim = try client.readReply()
            #expect(interim.status == 100)
            try client.send("ping")
            let reply = try client.readReply()
            #expect(reply.status == 200)
            #expect(reply.text == "ping")

            let refused = try RawClient(port: port)
            try refused.send("POST /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
            let final = try refused.readReply()
            #expect(final.status == 200)
            #expect(final.text == "ignored")
            #expect(final.header("Connection") == "close")
        }
        #expect(clean)
    }

    @Test func oversizedBodyIsRefusedBeforeItIsRead() async throws {
        let clean = try await withServer(configure: { $0.maxBodyBytes = 1000 }) { port, _ in
            let client = try RawClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\nExpect: 100-continue\r\n\r\n")
            let reply = try client.readReply()
            #expect(reply.status == 413)  // no 100 Continue came first
            #expect(reply.text == #"{"error":"Request too large","maxSize":1000}"#)
            #expect(reply.header("Connection") == "close")
        }
        #expect(clean)
    }

    @Test func oversizedChunkedBodyIsCutOff() async throws {
        let clean = try await withServer(configure: { $0.maxBodyBytes = 1000 }) { port, _ in
            let client = try RawClient(port: port)
            try client.send("POST /count HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
            let chunk = "200\r\n" + String(repeating: "a", count: 512) + "\r\n"
            try client.send(chunk + chunk + chunk)
            let reply = try client.readReply()
            #expect(reply.status == 413)
            #expect(reply.header("Connection") == "close")
        }
        #expect(clean)
    }

    @Test func clientVanishingMidBodyLeavesNothingBehind() async throws {
        let clean = try await withServer { port, server in
            for _ in 0..<20 {
                let client = try RawClient(port: port)
                try client.send("POST /count HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n")
                try client.send(String(repeating: "x", count: 5000))
            }
            // All clients are gone now (deinit closed them); the server must notice and still serve others.
            usleep(200_000)
            let client = try RawClient(port: port)
            try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readReply().text == "hello")
            #expect(server.state.stats.snapshot().openConnections == 1)
        }
        #expect(clean)
    }
}
