import Testing
import Glibc
import TestSupport
@testable import HTTPServer

/// `RequestBody.stream(into:)`: the body handed to the reader in place, from the connection's read callback.
@Suite struct StreamedBodyTests {
    @Test func bodyArrivingInPiecesEndsMidBufferBeforeAPipelinedRequest() async throws {
        let clean = try await withServer { port, _ in
            let client = try RawClient(port: port)
            let payload = [UInt8]((0..<300_000).map { UInt8($0 % 251) })
            try client.send("POST /stream-echo HTTP/1.1\r\nHost: x\r\nContent-Length: \(payload.count)\r\n\r\n" )
            try client.send(Array(payload[..<1000]))
            usleep(50_000)
            try client.send(Array(payload[1000..<200_000]))
            usleep(50_000)
            // The body's end and the next request in one write.
            try client.send(Array(payload[200_000...]) + Array("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
            let reply = try client.readReply()
            #expect(reply.status == 200)
            #expect(reply.body == payload)
            #expect(try client.readReply().text == "hello")
        }
        #expect(clean)
    }

    @Test func bodyAndHeadInOneWrite() async throws {
        let clean = try await withServer { port, _ in
            let client = try RawClient(port: port)
            try client.send("POST /stream-echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhelloPOST /stream-echo HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
            let reply = try client.readReply()
            #expect(reply.text == "hello")
            #expect(reply.header("X-Calls") == "1")
            let empty = try client.readReply()
            #expect(empty.status == 200)
            #expect(empty.body.isEmpty)
        }
        #expect(clean)
    }

    @Test func chunkedBodyIsDecodedThenTheConnectionServesTheNextRequest() async throws {
        let clean = try await withServer { port, _ in
            let client = try RawClient(port: port)
            try client.send("POST /stream-echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n")
            usleep(50_000)
            try client.send("6\r\n world\r\n0\r\nX-Checksum: abc\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readReply().text == "hello world")
            #expect(try client.readReply().text == "hello")
        }
        #expect(clean)
    }

    @Test func malformedChunkIs400AndClose() async throws {
        let clean = try await withServer { port, _ in
            let client = try RawClient(port: port)
            try client.send("POST /stream-echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n")
            let reply = try client.readReply()
            #expect(reply.status == 400)
            #expect(reply.header("Connection") == "close")
        }
        #expect(clean)
    }

    @Test func continueIsSentWhenTheStreamStarts() async throws {
        let clean = try await withServer { port, _ in
            let client = try RawClient(port: port)
            try client.send("POST /stream-echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
            #expect(try client.readReply().status == 100)
            try client.send("ping")
            #expect(try client.readReply().text == "ping")
        }
        #expect(clean)
    }

    @Test func readerErrorIsTheAnswerAndTheRestIsDiscarded() async throws {
        let clean = try await withServer { port, _ in
            let client = try RawClient(port: port)
            try client.send("POST /stream-refuse HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + String(repeating: "a", count: 2000))
            let reply = try client.readReply()
            #expect(reply.status == 422)
            try client.send(String(repeating: "a", count: 3000) + "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readReply().text == "hello")
        }
        #expect(clean)
    }

    @Test func stalledStreamTimesOutButSlowStreamDoesNot() async throws {
        let clean = try await withServer(configure: { $0.readTimeout = .milliseconds(500) }) { port, _ in
            let slow = try RawClient(port: port)
            try slow.send("POST /stream-echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n")
            for _ in 0..<10 {
                usleep(100_000)
                try slow.send("x")
            }
            #expect(try slow.readReply().text == "xxxxxxxxxx")

            let stalled = try RawClient(port: port)
            try stalled.send("POST /stream-echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nxx")
            let reply = try stalled.readReply()
            #expect(reply.status == 408)
        }
        #expect(clean)
    }

    @Test func clientVanishingMidStreamIsNoticed() async throws {
        let clean = try await withServer { port, server in
            for _ in 0..<10 {
                let client = try RawClient(port: port)
                try client.send("POST /stream-echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n")
                try client.send(String(repeating: "x", count: 5000))
            }
            usleep(200_000)
            let client = try RawClient(port: port)
            try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readReply().text == "hello")
            #expect(server.state.stats.snapshot().openConnections == 1)
        }
        #expect(clean)
    }
}
