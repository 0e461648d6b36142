import HTTP1
import Testing

@Suite struct ResponseWriterTests {
    private func head(_ status: Int, _ headers: HTTPHeaders) -> String {
        var buffer: [UInt8] = []
        ResponseWriter.writeHead(status: status, headers: headers, into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    @Test func writesHeadByteExact() {
        let headers = HTTPHeaders([("Content-Length", "5"), ("content-type", "text/plain; charset=utf-8")])
        #expect(head(200, headers) == "HTTP/1.1 200 OK\r\nContent-Length: 5\r\ncontent-type: text/plain; charset=utf-8\r\n\r\n")
        #expect(head(404, HTTPHeaders()) == "HTTP/1.1 404 Not Found\r\n\r\n")
        #expect(head(431, HTTPHeaders()) == "HTTP/1.1 431 Request Header Fields Too Large\r\n\r\n")
    }

    @Test func unknownStatusHasEmptyReason() {
        #expect(head(299, HTTPHeaders()) == "HTTP/1.1 299 \r\n\r\n")
        #expect(ResponseWriter.reasonPhrase(799) == "")
    }

    @Test func appendsWithoutClearing() {
        var buffer = Array("x".utf8)
        ResponseWriter.writeHead(status: 204, headers: HTTPHeaders(), into: &buffer)
        #expect(buffer == Array("xHTTP/1.1 204 No Content\r\n\r\n".utf8))
    }

    @Test(arguments: [
        ("X-Bad", "a\r\nSet-Cookie: evil=1"),
        ("X-Bad", "a\nb"),
        ("X-Bad", "a\rb"),
        ("X-Bad", "a\u{0}b"),
        ("X-Bad\r\nSet-Cookie", "evil"),
        ("X-Bad\n", "v"),
        ("X\u{0}Bad", "v"),
        ("X Bad", "v"),
        ("X-Bad:", "v"),
        ("", "v"),
    ])
    func responseSplittingIsPrevented(name: String, value: String) {
        let text = head(200, HTTPHeaders([("A", "1"), (name, value), ("B", "2")]))
        #expect(text == "HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\n\r\n")
    }

    @Test func tabsAndObsTextInValuesAreWritten() {
        #expect(head(200, HTTPHeaders([("X", "a\tb caf\u{E9}")])) == "HTTP/1.1 200 OK\r\nX: a\tb caf\u{E9}\r\n\r\n")
    }

    @Test func chunkFraming() {
        var buffer: [UInt8] = []
        ResponseWriter.writeChunk(Array("hello".utf8), into: &buffer)
        #expect(buffer == Array("5\r\nhello\r\n".utf8))
        buffer = []
        ResponseWriter.writeChunk([], into: &buffer)
        #expect(buffer.isEmpty)
        ResponseWriter.writeChunk(Array(repeating: 0x41, count: 255), into: &buffer)
        #expect(buffer.prefix(4) == Array("ff\r\n".utf8)[...])
        #expect(buffer.count == 4 + 255 + 2)
        buffer = []
        ResponseWriter.writeChunk(Array(repeating: 0x41, count: 4096), into: &buffer)
        #expect(buffer.prefix(6) == Array("1000\r\n".utf8)[...])
        #expect(buffer.suffix(2) == [13, 10])
        buffer = []
        ResponseWriter.writeLastChunk(into: &buffer)
        #expect(buffer == Array("0\r\n\r\n".utf8))
    }

    @Test func reasonPhrases() {
        #expect(ResponseWriter.reasonPhrase(100) == "Continue")
        #expect(ResponseWriter.reasonPhrase(413) == "Content Too Large")
        #expect(ResponseWriter.reasonPhrase(417) == "Expectation Failed")
        #expect(ResponseWriter.reasonPhrase(501) == "Not Implemented")
        #expect(ResponseWriter.reasonPhrase(505) == "HTTP Version Not Supported")
    }
}
