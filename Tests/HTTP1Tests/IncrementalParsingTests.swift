import HTTP1
import Testing

@Suite struct IncrementalParsingTests {
    static let requests: [String] = [
        request("GET /a?b=c HTTP/1.1", "Host: example.com", "Accept: */*"),
        request("POST /upload HTTP/1.1", "Host: h", "Content-Length: 5") + "hello",
        request("POST /c HTTP/1.1", "Host: h", "Transfer-Encoding: chunked") + "5\r\nhello\r\n0\r\n\r\n",
        request("GET / HTTP/1.0", "Connection: keep-alive"),
        request("GET http://h/x HTTP/1.1", "Host: h"),
        request("OPTIONS * HTTP/1.1", "Host: h"),
        "\r\n" + request("GET / HTTP/1.1", "Host: h", "X-Empty:", "X-Spaces:   v   "),
    ]

    @Test(arguments: requests)
    func byteByByteEqualsOneShot(_ text: String) throws {
        let bytes = Array(text.utf8)
        let oneShot = parseHead(bytes)
        #expect(oneShot.head != nil)
        #expect(parseIncrementally(bytes) == oneShot)
        #expect(parseIncrementally(bytes, step: 7) == oneShot)
    }

    @Test(arguments: requests)
    func everyProperPrefixOfTheHeadIsIncomplete(_ text: String) throws {
        let bytes = Array(text.utf8)
        let consumed = try #require(parseHead(bytes).consumed)
        var parser = RequestHeadParser(maxHeaderBytes: 8192)
        for end in 0..<consumed {
            #expect(parser.parse(bytes.span.extracting(0..<end)) == .incomplete)
        }
        #expect(parser.parse(bytes.span.extracting(0..<consumed)).consumed == consumed)
    }

    @Test func pipelinedRequestsInOneBuffer() throws {
        let first = request("GET /one HTTP/1.1", "Host: h")
        let second = request("GET /two HTTP/1.1", "Host: h", "Connection: close")
        let bytes = Array((first + second).utf8)
        var parser = RequestHeadParser(maxHeaderBytes: 8192)
        let one = parser.parse(bytes.span)
        let consumed = try #require(one.consumed)
        #expect(consumed == first.utf8.count)
        #expect(one.head?.path == "/one")
        parser.reset()
        let two = parser.parse(bytes.span.extracting(consumed..<bytes.count))
        #expect(two.head?.path == "/two")
        #expect(two.head?.keepAlive == false)
        #expect(two.consumed == second.utf8.count)
    }

    @Test func pipelinedRequestAfterABody() throws {
        let first = request("POST /one HTTP/1.1", "Host: h", "Content-Length: 4")
        let bytes = Array((first + "body" + request("GET /two HTTP/1.1", "Host: h")).utf8)
        var parser = RequestHeadParser(maxHeaderBytes: 8192)
        let one = parser.parse(bytes.span)
        let consumed = try #require(one.consumed)
        #expect(consumed == first.utf8.count)
        #expect(one.head?.framing == .length(4))
        parser.reset()
        let two = parser.parse(bytes.span.extracting((consumed + 4)..<bytes.count))
        #expect(two.head?.path == "/two")
    }

    @Test func resetForgetsThePreviousScan() {
        let long = Array(request("GET /long-path-name HTTP/1.1", "Host: h").utf8)
        let short = Array(request("GET / HTTP/1.1", "Host: h").utf8)
        var parser = RequestHeadParser(maxHeaderBytes: 8192)
        #expect(parser.parse(long.span).head?.path == "/long-path-name")
        parser.reset()
        #expect(parser.parse(short.span).head?.path == "/")
    }

    @Test func emptyInputIsIncomplete() {
        #expect(parseHead([UInt8]()) == .incomplete)
        #expect(parseHead("\r") == .incomplete)
        #expect(parseHead("\r\n") == .incomplete)
    }
}
