import Testing
import Glibc
import HTTP1
import TestSupport
@testable import HTTPServer

/// HTTP/2 over real sockets: prior knowledge and `Upgrade: h2c`, through the same router as HTTP/1.1.
@Suite struct HTTP2LiveTests {
    static let preface = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)

    static func frame(_ type: UInt8, flags: UInt8 = 0, stream: UInt32 = 0, _ payload: [UInt8] = []) -> [UInt8] {
        let n = UInt32(payload.count)
        return [UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF), type, flags,
                UInt8(stream >> 24), UInt8(stream >> 16 & 0xFF), UInt8(stream >> 8 & 0xFF), UInt8(stream & 0xFF)] + payload
    }

    /// HPACK literals without indexing (names and values under 127 bytes).
    static func block(_ method: String, _ path: String, _ extra: [(String, String)] = []) -> [UInt8] {
        var out: [UInt8] = []
        for (name, value) in [(":method", method), (":path", path), (":scheme", "http"), (":authority", "x")] + extra {
            out += [0x00, UInt8(name.utf8.count)] + Array(name.utf8) + [UInt8(value.utf8.count)] + Array(value.utf8)
        }
        return out
    }

    /// Reads frames from the socket, keeping every stream's body, the ended streams and the GOAWAYs seen.
    final class FrameReader {
        let client: RawClient
        var buffer: [UInt8] = []
        var bodies: [UInt32: [UInt8]] = [:]
        var ended: Set<UInt32> = []
        var goAways: [(lastStream: UInt32, code: UInt32)] = []
        /// The streams that had ended when the first GOAWAY arrived.
        var endedAtGoAway: Set<UInt32>?

        init(_ client: RawClient) { self.client = client }

        /// The body of `stream` once it ended (END_STREAM or RST_STREAM).
        func body(_ stream: UInt32) throws -> [UInt8] {
            while !ended.contains(stream) { try readMore() }
            return bodies[stream] ?? []
        }

        func waitForGoAway() throws {
            while goAways.isEmpty { try readMore() }
        }

        private func readMore() throws {
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = chunk.withUnsafeMutableBytes { recv(client.fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw TestFailure() }  // the connection ended first
            buffer += chunk[0..<n]
            while buffer.count >= 9 {
                let length = Int(buffer[0]) << 16 | Int(buffer[1]) << 8 | Int(buffer[2])
                guard buffer.count >= 9 + length else { break }
                let type = buffer[3], flags = buffer[4]
                let id = UInt32(buffer[5] & 0x7F) << 24 | UInt32(buffer[6]) << 16 | UInt32(buffer[7]) << 8 | UInt32(buffer[8])
                let payload = Array(buffer[9..<(9 + length)])
                buffer.removeFirst(9 + length)
                switch type {
                case 0x0: bodies[id, default: []] += payload
                case 0x3: ended.insert(id)
                case 0x7:
                    goAways.append((Self.uint32(payload[0..<4]) & 0x7FFF_FFFF, Self.uint32(payload[4..<8])))
                    if endedAtGoAway == nil { endedAtGoAway = ended }
                default: break
                }
                if type == 0x0 || type == 0x1, flags & 0x1 != 0 { ended.insert(id) }
            }
        }

        static func uint32(_ bytes: ArraySlice<UInt8>) -> UInt32 { bytes.reduce(0) { $0 << 8 | UInt32($1) } }
    }

    @Test func priorKnowledgeUsesTheSameRouter() async throws {
        let clean = try await withServer { port, server in
            let client = try RawClient(port: port)
            let payload = [UInt8]((0..<60_000).map { UInt8($0 % 251) })
            var bytes = Self.preface + Self.frame(0x4)
            bytes += Self.frame(0x1, flags: 0x5, stream: 1, Self.block("GET", "/hello"))
            bytes += Self.frame(0x1, flags: 0x4, stream: 3, Self.block("POST", "/count", [("content-length", "60000")]))
            for start in stride(from: 0, to: payload.count, by: 16_384) {
                let end = min(start + 16_384, payload.count)
                bytes += Self.frame(0x0, flags: end == payload.count ? 0x1 : 0, stream: 3, Array(payload[start..<end]))
            }
            bytes += Self.frame(0x1, flags: 0x5, stream: 5, Self.block("GET", "/teapot"))
            try client.send(bytes)
            let reader = FrameReader(client)
            #expect(try reader.body(1) == Array("hello".utf8))
            #expect(try reader.body(3) == Array("60000".utf8))
            #expect(String(decoding: try reader.body(5), as: UTF8.self).contains("I am a teapot"))
            let stats = server.state.stats.snapshot()
            #expect(stats.http2Connections == 1 && stats.http2Requests == 3)
        }
        #expect(clean)
    }

    @Test func streamedBodyIsDeliveredChunkByChunk() async throws {
        let clean = try await withServer { port, _ in
            let client = try RawClient(port: port)
            let payload = [UInt8]((0..<40_000).map { UInt8($0 % 251) })
            var bytes = Self.preface + Self.frame(0x4)
            bytes += Self.frame(0x1, flags: 0x4, stream: 1, Self.block("POST", "/stream-echo", [("content-length", "40000")]))
            for start in stride(from: 0, to: payload.count, by: 16_384) {
                let end = min(start + 16_384, payload.count)
                bytes += Self.frame(0x0, flags: end == payload.count ? 0x1 : 0, stream: 1, Array(payload[start..<end]))
            }
            try client.send(bytes)
            #expect(try FrameReader(client).body(1) == payload)
        }
        #expect(clean)
    }

    @Test func upgradeMakesTheRequestStreamOne() async throws {
        let clean = try await withServer { port, server in
            let client = try RawClient(port: port)
            try client.send("GET /path/upgraded HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                            + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\n")
            var head: [UInt8] = []
            var byte: UInt8 = 0
            while !head.suffix(4).elementsEqual("\r\n\r\n".utf8) {
                guard recv(client.fd, &byte, 1, 0) == 1 else { throw TestFailure() }
                head.append(byte)
            }
            #expect(String(decoding: head, as: UTF8.self).hasPrefix("HTTP/1.1 101 Switching Protocols\r\n"))
            try client.send(Self.preface + Self.frame(0x4))
            #expect(try FrameReader(client).body(1) == Array("upgraded".utf8))
            #expect(server.state.stats.snapshot().http2Upgrades == 1)
        }
        #expect(clean)
    }

    @Test func upgradeIsIgnoredForRequestsWithBodies() async throws {
        let clean = try await withServer { port, _ in
            let client = try RawClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
                            + "HTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\nContent-Length: 3\r\n\r\nabc")
            let reply = try client.readReply()
            #expect(reply.status == 200 && reply.text == "abc")
        }
        #expect(clean)
    }

    @Test func shutdownSendsGoAwayAndFinishesTheStream() async throws {
        // The handler answers only when the test releases it, so the GOAWAY surely comes while it is in flight.
        let (gate, release) = AsyncStream<Void>.makeStream()
        var router = testRouter()
        router.get("/gate") { _ in
            for await _ in gate { break }
            return .text("released")
        }
        let clean = try await withServer(router: router) { port, server in
            let client = try RawClient(port: port)
            try client.send(Self.preface + Self.frame(0x4) + Self.frame(0x1, flags: 0x5, stream: 1, Self.block("GET", "/gate")))
            while server.state.stats.snapshot().http2Requests == 0 { try await Task.sleep(for: .milliseconds(5)) }
            server.shutdown()
            let reader = FrameReader(client)
            try reader.waitForGoAway()
            #expect(reader.goAways.count == 1 && reader.goAways[0] == (1, 0))  // last stream 1, NO_ERROR
            #expect(reader.endedAtGoAway == [])  // the GOAWAY came while the stream was in flight
            release.yield()
            #expect(try reader.body(1) == Array("released".utf8))
            #expect(try client.isClosedByServer())
        }
        #expect(clean)
    }
}
