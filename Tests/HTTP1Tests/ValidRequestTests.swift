import HTTP1
import Testing

@Suite struct ValidRequestTests {
    @Test func simpleGet() throws {
        let text = request("GET /index.html HTTP/1.1", "Host: example.com", "Accept: */*")
        let result = parseHead(text)
        let head = try #require(result.head)
        #expect(result.consumed == text.utf8.count)
        #expect(head.method == "GET")
        #expect(head.target == "/index.html")
        #expect(head.path == "/index.html")
        #expect(head.query == nil)
        #expect(head.version == .http1_1)
        #expect(head.framing == .none)
        #expect(head.keepAlive)
        #expect(!head.expectsContinue)
        #expect(head.headers == HTTPHeaders([("Host", "example.com"), ("Accept", "*/*")]))
    }

    @Test func queryIsSplitFromPath() throws {
        let head = try #require(parseHead(request("GET /a/b?x=1&y=%20 HTTP/1.1", "Host: h")).head)
        #expect(head.path == "/a/b")
        #expect(head.query == "x=1&y=%20")
        #expect(head.target == "/a/b?x=1&y=%20")
    }

    @Test func emptyQuery() throws {
        let head = try #require(parseHead(request("GET /a? HTTP/1.1", "Host: h")).head)
        #expect(head.path == "/a")
        #expect(head.query == "")
    }

    @Test func postWithContentLength() throws {
        let text = request("POST /upload HTTP/1.1", "Host: h", "Content-Type: text/plain", "Content-Length: 11")
        let result = parseHead(text + "hello world")
        let head = try #require(result.head)
        #expect(head.method == "POST")
        #expect(head.framing == .length(11))
        #expect(result.consumed == text.utf8.count)
    }

    @Test func chunkedRequest() throws {
        let head = try #require(parseHead(request("PUT /x HTTP/1.1", "Host: h", "Transfer-Encoding: chunked")).head)
        #expect(head.method == "PUT")
        #expect(head.framing == .chunked)
    }

    @Test func http10DefaultsToClose() throws {
        let head = try #require(parseHead(request("GET / HTTP/1.0")).head)
        #expect(head.version == .http1_0)
        #expect(!head.keepAlive)
    }

    @Test func http10KeepAlive() throws {
        let head = try #require(parseHead(request("GET / HTTP/1.0", "Connection: Keep-Alive")).head)
        #expect(head.keepAlive)
    }

    @Test func http11ConnectionClose() throws {
        let head = try #require(parseHead(request("GET / HTTP/1.1", "Host: h", "Connection: Upgrade, CLOSE")).head)
        #expect(!head.keepAlive)
        let other = try #require(parseHead(request("GET / HTTP/1.1", "Host: h", "Connection: closed")).head)
        #expect(other.keepAlive)
    }

    @Test(arguments: [
        ("http://example.com/a/b?q=1", "/a/b", "q=1" as String?),
        ("https://example.com:8443/", "/", nil),
        ("HTTP://example.com", "/", nil),
        ("http://example.com?x", "/", "x"),
        ("http://[::1]:80/p", "/p", nil),
    ])
    func absoluteForm(target: String, path: String, query: String?) throws {
        let head = try #require(parseHead(request("GET \(target) HTTP/1.1", "Host: example.com")).head)
        #expect(head.target == target)
        #expect(head.path == path)
        #expect(head.query == query)
    }

    @Test func optionsAsterisk() throws {
        let head = try #require(parseHead(request("OPTIONS * HTTP/1.1", "Host: h")).head)
        #expect(head.method == "OPTIONS")
        #expect(head.target == "*")
        #expect(head.path == "*")
    }

    @Test func connectAuthorityForm() throws {
        let head = try #require(parseHead(request("CONNECT example.com:443 HTTP/1.1", "Host: example.com:443")).head)
        #expect(head.path == "example.com:443")
        #expect(head.query == nil)
    }

    @Test func extensionMethodIsAToken() throws {
        let head = try #require(parseHead(request("PROPFIND /dav HTTP/1.1", "Host: h")).head)
        #expect(head.method == "PROPFIND")
    }

    @Test func leadingEmptyLinesAreSkippedAndCounted() throws {
        let text = "\r\n\r\n" + request("GET / HTTP/1.1", "Host: h")
        let result = parseHead(text)
        #expect(result.head?.path == "/")
        #expect(result.consumed == text.utf8.count)
    }

    @Test func tooManyLeadingEmptyLines() {
        let text = String(repeating: "\r\n", count: 5) + request("GET / HTTP/1.1", "Host: h")
        #expect(parseHead(text).status == 400)
    }

    @Test func valuesAreTrimmedAndNamesKeptAsReceived() throws {
        let head = try #require(parseHead(request("GET / HTTP/1.1", "hOsT: h", "X-Empty:", "X-Pad: \t a  b \t")).head)
        #expect(head.headers == HTTPHeaders([("hOsT", "h"), ("X-Empty", ""), ("X-Pad", "a  b")]))
    }

    @Test func obsTextIsAllowedInValues() throws {
        let bytes = Array("GET / HTTP/1.1\r\nHost: h\r\nX-Name: caf".utf8) + [0xC3, 0xA9, 0xFF] + Array("\r\n\r\n".utf8)
        let head = try #require(parseHead(bytes).head)
        #expect(head.headers["x-name"] == "café\u{FFFD}")
    }

    @Test func expectContinue() throws {
        let head = try #require(parseHead(request("POST / HTTP/1.1", "Host: h", "Expect: 100-Continue", "Content-Length: 3")).head)
        #expect(head.expectsContinue)
        let old = try #require(parseHead(request("POST / HTTP/1.0", "Expect: 100-continue", "Content-Length: 3")).head)
        #expect(!old.expectsContinue)
    }

    @Test func emptyHostIsAllowed() throws {
        let head = try #require(parseHead(request("GET / HTTP/1.1", "Host:")).head)
        #expect(head.headers["host"] == "")
    }
}
