import HTTP1
import Testing

@Suite struct ExtremeLimitTests {
    @Test func hugeAndTinyLimitsDoNotOverflow() {
        let text = "\r\n" + request("GET / HTTP/1.1", "Host: h")
        #expect(parseHead(text, maxHeaderBytes: Int.max).head?.path == "/")
        #expect(parseHead(text, maxHeaderBytes: 0).status == 431)
        #expect(parseHead(text, maxHeaderCount: 0).status == 431)
    }

    @Test func extremeChunkedLimitsDoNotOverflow() throws {
        var decoder = ChunkedDecoder(maxChunkLineBytes: .max, maxTrailerBytes: .max)
        var output: [UInt8] = []
        let bytes = Array("3\r\nabc\r\n0\r\n\r\n".utf8)
        #expect(try decoder.decode(bytes.span, into: &output, maxOutput: .min) == (consumed: 3, done: false))
        #expect(try decoder.decode(bytes.span.extracting(3..<bytes.count), into: &output, maxOutput: .max).done)
        #expect(output == Array("abc".utf8))
    }
}
