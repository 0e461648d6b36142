import HTTP1
import Testing

@Suite struct ChunkedDecoderTests {
    static let bodyWithEverything =
        "5\r\nhello\r\n"
        + "6 ; name = value ; flag\r\n world\r\n"
        + "3;q=\"a\\\"b; c\"\r\n!!!\r\n"
        + "A;x=\"caf\u{E9}\"\r\n0123456789\r\n"
        + "0000000000000001\r\nZ\r\n"
        + "0;last\r\nX-Checksum:  abc \r\nx-other: 1\r\n\r\n"

    static let expectedPayload = "hello world!!!0123456789Z"

    @Test func decodesExtensionsAndTrailers() throws {
        let result = try decodeChunked(Self.bodyWithEverything)
        #expect(result.done)
        #expect(result.consumed == Self.bodyWithEverything.utf8.count)
        #expect(String(decoding: result.output, as: UTF8.self) == Self.expectedPayload)
        #expect(result.decoder.decodedBytes == Self.expectedPayload.utf8.count)
        #expect(result.decoder.trailers == HTTPHeaders([("X-Checksum", "abc"), ("x-other", "1")]))
        #expect(result.decoder.isDone)
    }

    @Test func emptyBody() throws {
        let result = try decodeChunked("0\r\n\r\n")
        #expect(result.done)
        #expect(result.consumed == 5)
        #expect(result.output.isEmpty)
        #expect(result.decoder.trailers.isEmpty)
    }

    @Test func stopsAtTheEndOfTheBody() throws {
        let body = "3\r\nabc\r\n0\r\n\r\n"
        let result = try decodeChunked(body + "GET / HTTP/1.1\r\n")
        #expect(result.done)
        #expect(result.consumed == body.utf8.count)
    }

    @Test func truncatedBodyIsNotDone() throws {
        let body = Array(Self.bodyWithEverything.utf8)
        for end in [0, 1, 3, 9, 20, body.count - 1] {
            var decoder = ChunkedDecoder()
            var output: [UInt8] = []
            let result = try decoder.decode(body.span.extracting(0..<end), into: &output, maxOutput: .max)
            #expect(!result.done)
            #expect(result.consumed == end)
        }
    }

    @Test func oneByteAtATimeEqualsOneShot() throws {
        let body = Array(Self.bodyWithEverything.utf8)
        var decoder = ChunkedDecoder()
        var output: [UInt8] = []
        var done = false
        for index in body.indices {
            #expect(!done)
            let result = try decoder.decode(body.span.extracting(index..<(index + 1)), into: &output, maxOutput: .max)
            #expect(result.consumed == 1)
            done = result.done
        }
        #expect(done)
        #expect(String(decoding: output, as: UTF8.self) == Self.expectedPayload)
        #expect(decoder.trailers == (try decodeChunked(Self.bodyWithEverything).decoder.trailers))
    }

    @Test func maxOutputLimitsEachCall() throws {
        let body = Array(Self.bodyWithEverything.utf8)
        var decoder = ChunkedDecoder()
        var output: [UInt8] = []
        var offset = 0
        var calls = 0
        while offset < body.count {
            let before = output.count
            let result = try decoder.decode(body.span.extracting(offset..<body.count), into: &output, maxOutput: 4)
            #expect(output.count - before <= 4)
            offset += result.consumed
            calls += 1
            if result.done { break }
        }
        #expect(offset == body.count)
        #expect(String(decoding: output, as: UTF8.self) == Self.expectedPayload)
        #expect(calls >= Self.expectedPayload.utf8.count / 4)
    }

    @Test func zeroMaxOutputConsumesNoData() throws {
        let body = Array("5\r\nhello\r\n0\r\n\r\n".utf8)
        var decoder = ChunkedDecoder()
        var output: [UInt8] = []
        let result = try decoder.decode(body.span, into: &output, maxOutput: 0)
        #expect(result.consumed == 3)
        #expect(!result.done)
        #expect(output.isEmpty)
        let rest = try decoder.decode(body.span.extracting(3..<body.count), into: &output, maxOutput: 100)
        #expect(rest.done)
        #expect(output == Array("hello".utf8))
    }

    @Test func appendsToExistingOutput() throws {
        var decoder = ChunkedDecoder()
        var output: [UInt8] = [1, 2]
        let body = Array("2\r\nab\r\n0\r\n\r\n".utf8)
        _ = try decoder.decode(body.span, into: &output, maxOutput: .max)
        #expect(output == [1, 2, UInt8(ascii: "a"), UInt8(ascii: "b")])
    }

    @Test func largestChunkSizeIsAcceptedAsALine() throws {
        let result = try decodeChunked("7fffffffffffffff\r\nabc")
        #expect(!result.done)
        #expect(result.output == Array("abc".utf8))
    }

    @Test func chunkLineAtTheLimitIsAccepted() throws {
        // "5;e=" + value + "\r\n" is exactly 32 bytes.
        let line = "5;e=" + String(repeating: "v", count: 26) + "\r\n"
        #expect(line.utf8.count == 32)
        let result = try decodeChunked(line + "hello\r\n0\r\n\r\n", maxChunkLineBytes: 32)
        #expect(result.done)
    }

    @Test func writerOutputRoundTrips() throws {
        var wire: [UInt8] = []
        let pieces: [[UInt8]] = [Array(repeating: 7, count: 300), [], Array("tail".utf8)]
        for piece in pieces { ResponseWriter.writeChunk(piece, into: &wire) }
        ResponseWriter.writeLastChunk(into: &wire)
        var decoder = ChunkedDecoder()
        var output: [UInt8] = []
        let result = try decoder.decode(wire.span, into: &output, maxOutput: .max)
        #expect(result.done)
        #expect(output == pieces.flatMap { $0 })
    }
}
