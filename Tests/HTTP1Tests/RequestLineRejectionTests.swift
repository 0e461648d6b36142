import HTTP1
import Testing

@Suite struct RequestLineRejectionTests {
    static let host = "\r\nHost: h\r\n\r\n"

    static let cases: [Rejection] = [
        Rejection("two spaces after method", "GET  / HTTP/1.1" + host),
        Rejection("two spaces before version", "GET /  HTTP/1.1" + host),
        Rejection("tab as separator", "GET\t/ HTTP/1.1" + host),
        Rejection("leading space", " GET / HTTP/1.1" + host),
        Rejection("trailing space", "GET / HTTP/1.1 " + host),
        Rejection("missing method", "/ HTTP/1.1" + host),
        Rejection("missing target", "GET HTTP/1.1" + host),
        Rejection("missing version", "GET /" + host),
        Rejection("invalid method character", "G(T / HTTP/1.1" + host),
        Rejection("fragment in target", "GET /a#b HTTP/1.1" + host),
        Rejection("DEL in target", "GET /a\u{7F} HTTP/1.1" + host),
        Rejection("non-ASCII in target", "GET /caf\u{E9} HTTP/1.1" + host),
        Rejection("control character in target", "GET /a\u{01}b HTTP/1.1" + host),
        Rejection("relative target", "GET a/b HTTP/1.1" + host),
        Rejection("asterisk with GET", "GET * HTTP/1.1" + host),
        Rejection("asterisk with suffix", "OPTIONS *x HTTP/1.1" + host),
        Rejection("unsupported scheme", "GET ftp://h/ HTTP/1.1" + host),
        Rejection("empty host in absolute-form", "GET http:///x HTTP/1.1" + host),
        Rejection("userinfo in absolute-form", "GET http://u@h/ HTTP/1.1" + host),
        Rejection("authority-form with GET", "GET example.com:80 HTTP/1.1" + host),
        Rejection("origin-form with CONNECT", "CONNECT / HTTP/1.1" + host),
        Rejection("CONNECT without port", "CONNECT example.com HTTP/1.1" + host),
        Rejection("CONNECT with empty host", "CONNECT :443 HTTP/1.1" + host),
        Rejection("CONNECT with long port", "CONNECT h:123456 HTTP/1.1" + host),
        Rejection("lowercase version", "GET / http/1.1" + host),
        Rejection("version with suffix", "GET / HTTP/1.10" + host),
        Rejection("version without dot", "GET / HTTP/11" + host),
        Rejection("short version", "GET / HTTP/1" + host),
        Rejection("version letters", "GET / HTTP/a.b" + host),
        Rejection("HTTP/2.0", "GET / HTTP/2.0" + host, 505),
        Rejection("HTTP/0.9", "GET / HTTP/0.9" + host, 505),
        Rejection("HTTP/1.2", "GET / HTTP/1.2" + host, 505),
        Rejection("bare LF line endings", "GET / HTTP/1.1\nHost: h\n\n"),
        Rejection("bare LF after request line", "GET / HTTP/1.1\nHost: h\r\n\r\n"),
        Rejection("bare CR after request line", "GET / HTTP/1.1\rHost: h\r\n\r\n"),
        Rejection("bare CR inside request line", "GET /\r HTTP/1.1" + host),
        Rejection("bare LF before request", "\nGET / HTTP/1.1" + host),
        Rejection("bare CR before request", "\rGET / HTTP/1.1" + host),
        Rejection("head is only a name", "GET\r\n\r\n"),
    ]

    @Test(arguments: cases)
    func rejected(_ rejection: Rejection) {
        #expect(parseHead(rejection.input).status == rejection.status)
    }

    @Test(arguments: cases)
    func rejectedWhenFedByteByByte(_ rejection: Rejection) {
        #expect(parseIncrementally(Array(rejection.input.utf8)).status == rejection.status)
    }
}
