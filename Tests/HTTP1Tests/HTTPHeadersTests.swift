import HTTP1
import Testing

@Suite struct HTTPHeadersTests {
    @Test func lookupIgnoresASCIICase() {
        let headers = HTTPHeaders([("Content-Type", "text/plain"), ("X-A", "1")])
        #expect(headers["content-type"] == "text/plain")
        #expect(headers["CONTENT-TYPE"] == "text/plain")
        #expect(headers["x-a"] == "1")
        #expect(headers["Content-Typ"] == nil)
        #expect(headers["Content-Type "] == nil)
        #expect(headers.contains("x-A"))
        #expect(!headers.contains("x-b"))
    }

    @Test func nonASCIICaseIsNotFolded() {
        let headers = HTTPHeaders([("X-\u{C9}", "1")])
        #expect(headers["x-\u{E9}"] == nil)
        #expect(headers["x-\u{C9}"] == "1")
    }

    @Test func parsedHeadersAreCaseInsensitive() throws {
        let head = try #require(parseHead(request("GET / HTTP/1.1", "HOST: h", "accept-ENCODING: gzip")).head)
        #expect(head.headers["Host"] == "h")
        #expect(head.headers["Accept-Encoding"] == "gzip")
    }

    @Test func multipleValuesKeepTheirOrder() {
        var headers = HTTPHeaders()
        headers.add("Set-Cookie", "a=1")
        headers.add("X", "x")
        headers.add("set-cookie", "b=2")
        #expect(headers.values("SET-COOKIE") == ["a=1", "b=2"])
        #expect(headers["set-cookie"] == "a=1")
        #expect(headers.count == 3)
    }

    @Test func setReplacesAllWithOne() {
        var headers = HTTPHeaders([("A", "1"), ("B", "2"), ("a", "3")])
        headers.set("A", "9")
        #expect(headers == HTTPHeaders([("A", "9"), ("B", "2")]))
        headers.set("C", "3")
        #expect(headers == HTTPHeaders([("A", "9"), ("B", "2"), ("C", "3")]))
    }

    @Test func removeDeletesEveryMatch() {
        var headers = HTTPHeaders([("A", "1"), ("B", "2"), ("a", "3")])
        headers.remove("a")
        #expect(headers == HTTPHeaders([("B", "2")]))
        headers.remove("missing")
        #expect(headers.count == 1)
    }

    @Test func iteratesInOrderWithNamesAsAdded() {
        let headers = HTTPHeaders([("b", "1"), ("A", "2")])
        #expect(headers.map(\.name) == ["b", "A"])
        #expect(headers.map(\.value) == ["1", "2"])
    }
}
