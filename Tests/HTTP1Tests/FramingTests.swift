import HTTP1
import Testing

@Suite struct FramingTests {
    static func head(_ fields: String..., version: String = "HTTP/1.1") -> String {
        "POST / \(version)\r\nHost: h\r\n" + fields.map { $0 + "\r\n" }.joined() + "\r\n"
    }

    @Test(arguments: [
        (head("Content-Length: 0"), BodyFraming.length(0)),
        (head("Content-Length: 42"), .length(42)),
        (head("Content-Length: 007"), .length(7)),
        (head("Content-Length: 999999999999999999"), .length(999_999_999_999_999_999)),
        (head("Content-Length: 5, 5"), .length(5)),
        (head("Content-Length: 5", "content-length: 5"), .length(5)),
        (head("Content-Length:  5\t"), .length(5)),
        (head("Transfer-Encoding: chunked"), .chunked),
        (head("Transfer-Encoding: CHUNKED"), .chunked),
        (head("Transfer-Encoding:  chunked \t"), .chunked),
        (head("X: y"), BodyFraming.none),
    ])
    func accepted(_ text: String, _ framing: BodyFraming) {
        #expect(parseHead(text).head?.framing == framing)
    }

    static let cases: [Rejection] = [
        Rejection("letters", head("Content-Length: abc")),
        Rejection("negative", head("Content-Length: -1")),
        Rejection("plus sign", head("Content-Length: +1")),
        Rejection("space inside", head("Content-Length: 1 2")),
        Rejection("hex", head("Content-Length: 0x10")),
        Rejection("decimal point", head("Content-Length: 1.0")),
        Rejection("empty", head("Content-Length:")),
        Rejection("empty list element", head("Content-Length: 5,")),
        Rejection("19 digits", head("Content-Length: 1000000000000000000")),
        Rejection("overflowing", head("Content-Length: 99999999999999999999999")),
        Rejection("differing list", head("Content-Length: 1, 2")),
        Rejection("differing fields", head("Content-Length: 1", "Content-Length: 2")),
        Rejection("TE and CL", head("Transfer-Encoding: chunked", "Content-Length: 5")),
        Rejection("CL and TE", head("Content-Length: 5", "Transfer-Encoding: chunked")),
        Rejection("TE in HTTP/1.0", head("Transfer-Encoding: chunked", version: "HTTP/1.0")),
        Rejection("other coding before chunked", head("Transfer-Encoding: gzip, chunked"), 501),
        Rejection("other coding in an earlier field", head("Transfer-Encoding: gzip", "Transfer-Encoding: chunked"), 501),
        Rejection("chunked twice", head("Transfer-Encoding: chunked, chunked")),
        Rejection("chunked in two fields", head("Transfer-Encoding: chunked", "Transfer-Encoding: chunked")),
        Rejection("empty TE", head("Transfer-Encoding:")),
        Rejection("empty TE element", head("Transfer-Encoding: chunked,")),
        Rejection("final coding not chunked", head("Transfer-Encoding: gzip")),
        Rejection("chunked then gzip", head("Transfer-Encoding: chunked, gzip")),
        Rejection("chunked with parameter", head("Transfer-Encoding: chunked;q=1")),
        Rejection("misspelled chunked", head("Transfer-Encoding: chunk")),
    ]

    @Test(arguments: cases)
    func rejected(_ rejection: Rejection) {
        #expect(parseHead(rejection.input).status == rejection.status)
    }
}
