import Testing
@testable import HTTP2

/// Records what a session reports and answers body reads from `responseBody`.
final class Recorder: HTTP2SessionDelegate {
    var requests: [(stream: Int32, headers: [HTTP2Field], oversized: Bool, endStream: Bool)] = []
    var data: [Int32: [UInt8]] = [:]
    var ended: [Int32] = []
    var resets: [(Int32, UInt32)] = []
    var closed: [(Int32, UInt32)] = []
    var sent: [Int32] = []
    var responseBody: [UInt8] = []
    var offset = 0

    func http2(_ session: HTTP2Session, stream: Int32, headers: [HTTP2Field], oversized: Bool, endStream: Bool) {
        requests.append((stream, headers, oversized, endStream))
    }
    func http2(_ session: HTTP2Session, stream: Int32, data: UnsafeRawBufferPointer) { self.data[stream, default: []] += data }
    func http2(_ session: HTTP2Session, endOfRequest stream: Int32) { ended.append(stream) }
    func http2(_ session: HTTP2Session, resetByPeer stream: Int32, errorCode: UInt32) { resets.append((stream, errorCode)) }
    func http2(_ session: HTTP2Session, closed stream: Int32, errorCode: UInt32) { closed.append((stream, errorCode)) }
    func http2(_ session: HTTP2Session, responseSent stream: Int32) { sent.append(stream) }
    func http2(_ session: HTTP2Session, stream: Int32, readBodyInto buffer: UnsafeMutableRawBufferPointer) -> HTTP2BodyRead {
        let count = min(buffer.count, responseBody.count - offset)
        buffer.copyBytes(from: responseBody[offset..<(offset + count)])
        offset += count
        return .bytes(count, end: offset == responseBody.count)
    }
}

func makeSession(_ configure: (inout HTTP2Settings) -> Void = { _ in }) throws -> (HTTP2Session, Recorder) {
    var settings = HTTP2Settings()
    configure(&settings)
    let recorder = Recorder()
    let session = try HTTP2Session(settings: settings, delegate: recorder)
    try session.start()
    return (session, recorder)
}

extension HTTP2Session {
    func feed(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { raw in try receive(raw) } }
    func output() throws -> [Frames.Parsed] {
        var out: [UInt8] = []
        try collectOutput(into: &out, limit: 1 << 20)
        return Frames.parse(out)
    }
}

@Suite struct HTTP2SessionTests {
    @Test func advertisesSettings() throws {
        let (session, _) = try makeSession { $0.maxConcurrentStreams = 7; $0.maxHeaderListSize = 4096; $0.initialWindowSize = 1000 }
        let frames = try session.output()
        let settings = try #require(frames.first { $0.type == Frames.settings && $0.flags & Frames.ack == 0 })
        var values: [UInt16: UInt32] = [:]
        for offset in stride(from: 0, to: settings.payload.count, by: 6) {
            let id = UInt16(settings.payload[offset]) << 8 | UInt16(settings.payload[offset + 1])
            values[id] = Frames.uint32(settings.payload[(offset + 2)..<(offset + 6)])
        }
        #expect(values[0x3] == 7)  // MAX_CONCURRENT_STREAMS
        #expect(values[0x4] == 1000)  // INITIAL_WINDOW_SIZE
        #expect(values[0x6] == 4096)  // MAX_HEADER_LIST_SIZE
        let connectionWindow = try #require(frames.first { $0.type == Frames.windowUpdate && $0.stream == 0 })
        #expect(Frames.uint32(connectionWindow.payload[...]) == UInt32((1 << 20) - 65_535))
    }

    @Test func requestHeadersAndResponse() throws {
        let (session, recorder) = try makeSession()
        _ = try session.output()
        try session.feed(Frames.preface + Frames.frame(Frames.settings)
            + Frames.frame(Frames.headers, flags: Frames.endHeaders | Frames.endStream, stream: 1,
                           Frames.request("/hello?x=1", extra: [("x-test", "yes")])))
        #expect(recorder.requests.count == 1)
        let request = try #require(recorder.requests.first)
        #expect(request.stream == 1 && request.endStream && !request.oversized)
        #expect(request.headers.contains { $0 == (":path", "/hello?x=1") })
        #expect(request.headers.contains { $0 == ("x-test", "yes") })

        recorder.responseBody = Array(repeating: 0x61, count: 40_000)
        try session.respond(stream: 1, status: 200, headers: [("content-type", "text/plain")], hasBody: true)
        let frames = try session.output()
        #expect(frames.contains { $0.type == Frames.headers && $0.stream == 1 })
        let body = frames.filter { $0.type == Frames.data && $0.stream == 1 }
        #expect(body.flatMap(\.payload) == recorder.responseBody)
        #expect(body.last?.flags == Frames.endStream)
        #expect(recorder.sent == [1])
        #expect(recorder.closed.map(\.0) == [1])
    }

    @Test func windowOpensOnlyAsTheBodyIsConsumed() throws {
        let (session, recorder) = try makeSession { $0.initialWindowSize = 2000 }
        _ = try session.output()
        try session.feed(Frames.preface + Frames.frame(Frames.settings) + Frames.frame(Frames.settings, flags: Frames.ack)
            + Frames.frame(Frames.headers, flags: Frames.endHeaders, stream: 1, Frames.request("/up", method: "POST"))
            + Frames.frame(Frames.data, stream: 1, Array(repeating: 7, count: 1500)))
        #expect(recorder.data[1]?.count == 1500)
        #expect(try session.output().filter { $0.type == Frames.windowUpdate && $0.stream == 1 }.isEmpty)
        try session.consume(stream: 1, count: 1500)
        let update = try #require(try session.output().first { $0.type == Frames.windowUpdate && $0.stream == 1 })
        #expect(Frames.uint32(update.payload[...]) == 1500)
    }

    @Test func dataBeyondTheWindowIsRefused() throws {
        let (session, recorder) = try makeSession { $0.initialWindowSize = 1000 }
        _ = try session.output()
        try session.feed(Frames.preface + Frames.frame(Frames.settings) + Frames.frame(Frames.settings, flags: Frames.ack)
            + Frames.frame(Frames.headers, flags: Frames.endHeaders, stream: 1, Frames.request("/up", method: "POST"))
            + Frames.frame(Frames.data, stream: 1, Array(repeating: 7, count: 1200)))
        // nghttp2 still hands over the offending frame's bytes, but resets the stream with FLOW_CONTROL_ERROR.
        let frames = try session.output()
        let reset = try #require(frames.first { $0.type == Frames.rstStream && $0.stream == 1 })
        #expect(Frames.uint32(reset.payload[...]) == 3)
        #expect(recorder.closed.map(\.0) == [1])
    }

    @Test func oversizedHeaderListIsFlagged() throws {
        let (session, recorder) = try makeSession { $0.maxHeaderListSize = 300 }
        _ = try session.output()
        try session.feed(Frames.preface + Frames.frame(Frames.settings)
            + Frames.frame(Frames.headers, flags: Frames.endHeaders | Frames.endStream, stream: 1,
                           Frames.request("/", extra: [("x-big", String(repeating: "v", count: 400))]))
            + Frames.frame(Frames.headers, flags: Frames.endHeaders | Frames.endStream, stream: 3,
                           Frames.request("/", extra: [("x-small", "v")])))
        #expect(recorder.requests.map(\.stream) == [1, 3])
        #expect(recorder.requests.map(\.oversized) == [true, false])
        #expect(recorder.requests[0].headers.isEmpty)
    }

    @Test func peerResetIsReported() throws {
        let (session, recorder) = try makeSession()
        try session.feed(Frames.preface + Frames.frame(Frames.settings)
            + Frames.frame(Frames.headers, flags: Frames.endHeaders, stream: 1, Frames.request("/up", method: "POST"))
            + Frames.frame(Frames.rstStream, stream: 1, [0, 0, 0, 8]))
        #expect(recorder.resets.count == 1 && recorder.resets[0] == (1, 8))
        #expect(recorder.closed.map(\.0) == [1])
    }

    @Test func badPrefaceIsFatal() throws {
        let (session, _) = try makeSession()
        #expect(throws: HTTP2Error.self) {
            try session.feed(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        }
    }

    @Test func terminateSendsGoAwayAndEndsTheSession() throws {
        let (session, _) = try makeSession()
        try session.feed(Frames.preface + Frames.frame(Frames.settings))
        _ = try session.output()
        #expect(session.isAlive)
        try session.terminate(.enhanceYourCalm)
        let goAway = try #require(try session.output().first { $0.type == Frames.goAway })
        #expect(Frames.uint32(goAway.payload[4..<8]) == 0xB)
        #expect(!session.isAlive)
    }

    @Test func settingsHeaderDecodes() {
        // curl's HTTP2-Settings for MAX_CONCURRENT_STREAMS 100, INITIAL_WINDOW_SIZE 33554432, ENABLE_PUSH 0.
        let bytes = HTTP2Session.decodeSettingsHeader("AAMAAABkAAQCAAAAAAIAAAAA")
        #expect(bytes == [0, 3, 0, 0, 0, 100, 0, 4, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0])
        #expect(HTTP2Session.decodeSettingsHeader("not base64!") == nil)
    }
}
