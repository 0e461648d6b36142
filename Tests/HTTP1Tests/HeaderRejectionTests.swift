import HTTP1
import Testing

@Suite struct HeaderRejectionTests {
    static func head(_ fields: String...) -> String {
        "GET / HTTP/1.1\r\n" + fields.map { $0 + "\r\n" }.joined() + "\r\n"
    }

    static let cases: [Rejection] = [
        Rejection("space before colon", head("Host : h")),
        Rejection("tab before colon", head("Host: h", "X\t: y")),
        Rejection("obs-fold with space", head("Host: h", "X: a", " b")),
        Rejection("obs-fold with tab", head("Host: h", "X: a", "\tb")),
        Rejection("empty name", head("Host: h", ": v")),
        Rejection("space in name", head("Host: h", "X Y: v")),
        Rejection("invalid character in name", head("Host: h", "X(Y): v")),
        Rejection("non-ASCII in name", head("Host: h", "X\u{E9}: v")),
        Rejection("missing colon", head("Host: h", "NoColon")),
        Rejection("NUL in value", head("Host: h", "X: a\u{0}b")),
        Rejection("DEL in value", head("Host: h", "X: a\u{7F}b")),
        Rejection("control character in value", head("Host: h", "X: a\u{1B}b")),
        Rejection("bare CR in value", head("Host: h", "X: a\rb")),
        Rejection("bare LF in value", head("Host: h", "X: a\nb")),
        Rejection("missing Host in HTTP/1.1", head("Accept: */*")),
        Rejection("two Host fields", head("Host: a", "Host: a")),
        Rejection("two Host fields in HTTP/1.0", "GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n"),
        Rejection("whitespace inside Host", head("Host: a b")),
        Rejection("slash in Host", head("Host: a/b")),
        Rejection("userinfo in Host", head("Host: u@h")),
        Rejection("unsupported expectation", head("Host: h", "Expect: 200-ok"), 417),
        Rejection("expectation list", head("Host: h", "Expect: 100-continue, x"), 417),
        Rejection("empty expectation", head("Host: h", "Expect:"), 417),
    ]

    @Test(arguments: cases)
    func rejected(_ rejection: Rejection) {
        #expect(parseHead(rejection.input).status == rejection.status)
    }

    @Test(arguments: cases)
    func rejectedWhenFedByteByByte(_ rejection: Rejection) {
        #expect(parseIncrementally(Array(rejection.input.utf8)).status == rejection.status)
    }

    @Test func tabInValueIsAllowed() {
        #expect(parseHead(Self.head("Host: h", "X: a\tb")).head?.headers["X"] == "a\tb")
    }
}
