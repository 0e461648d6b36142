import Testing
import Glibc
import TestSupport
@testable import HTTPServer

@Suite struct ErrorsAndShutdownTests {
    @Test func handlerErrorBecomes500AndConnectionSurvives() async throws {
        let clean = try await withServer { port, _ in
            let client = try RawClient(port: port)
            try client.send("GET /fail HTTP/1.1\r\nHost: x\r\n\r\n")
            let reply = try client.readReply()
            #expect(reply.status == 500)
            #expect(reply.text == #"{"error":"Internal server error"}"#)
            try client.send("GET /teapot HTTP/1.1\r\nHost: x\r\n\r\n")
            let teapot = try client.readReply()
            #expect(teapot.status == 418)
            #expect(teapot.text == #"{"error":"I am a teapot"}"#)
            try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readReply().text == "hello")
        }
        #expect(clean)
    }

    @Test func wrongMethodGets405WithAllow() async throws {
        let clean = try await withServer { port, _ in
            let client = try RawClient(port: port)
            try client.send("DELETE /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            let reply = try client.readReply()
            #expect(reply.status == 405)
            #expect(reply.header("Allow") == "GET, HEAD, OPTIONS")
        }
        #expect(clean)
    }

    @Test func queryAndParametersAreDecoded() async throws {
        let clean = try await withServer { port, _ in
            let client = try RawClient(port: port)
            try client.send("GET /query?a=1&q=hello%20world+x HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readReply().text == "hello world x")
            try client.send("GET /path/caf%C3%A9 HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readReply().text == "café")
        }
        #expect(clean)
    }

    @Test func shutdownLetsHalfReceivedUploadFinish() async throws {
        let clean = try await withServer { port, server in
            let idle = try RawClient(port: port)
            try idle.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            _ = try idle.readReply()
            let upload = try RawClient(port: port)
            try upload.send("POST /count HTTP/1.1\r\nHost: x\r\nContent-Length: 20000\r\n\r\n")
            try upload.send(String(repeating: "u", count: 10000))
            usleep(100_000)  // blocking: the cooperative pool may be busy with other tests' blocking sockets
            server.shutdown()
            #expect(server.state.isDraining)
            #expect(try idle.isClosedByServer())  // idle keep-alive connection closed
            // New connections are refused once the listeners are closed.
            usleep(100_000)  // blocking: the cooperative pool may be busy with other tests' blocking sockets
            #expect((try? RawClient(port: port)) == nil)
            try upload.send(String(repeating: "u", count: 10000))
            let reply = try upload.readReply()
            #expect(reply.status == 200)
            #expect(reply.text == "20000")
            #expect(reply.header("Connection") == "close")
        }
        #expect(clean)
    }

    /// SPEC section 5: during `SHUTDOWN_DELAY` the server still accepts and serves (a proxy's pooled connection and
    /// new ones, POSTs included), every response saying `Connection: close`; then the listeners close.
    @Test func shutdownDelayKeepsServingWithConnectionCloseThenStopsAccepting() async throws {
        let clean = try await withServer(configure: { $0.shutdownDelay = .seconds(3) }) { port, server in
            let pooled = try RawClient(port: port)
            try pooled.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try pooled.readReply().header("Connection") == nil)
            server.shutdown()
            #expect(server.state.isDraining)
            try pooled.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc")
            let reply = try pooled.readReply()
            #expect(reply.status == 200 && reply.text == "abc")
            #expect(reply.header("Connection") == "close")
            #expect(try pooled.isClosedByServer())
            let fresh = try RawClient(port: port)
            try fresh.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            let freshReply = try fresh.readReply()
            #expect(freshReply.status == 200 && freshReply.header("Connection") == "close")
            #expect(try await LiveApplication.eventually(within: 15) { (try? RawClient(port: port)) == nil })
        }
        #expect(clean)
    }
}
