/// The located parts of `method SP request-target SP HTTP-version CRLF` (RFC 9112 §3).
struct RequestLine {
    var method: Range<Int>
    var target: Range<Int>
    var version: HTTPVersion
    /// The index just after the line's CRLF.
    var next: Int

    static func parse(_ bytes: Span<UInt8>, at start: Int, limit: Int) throws(HTTPParseError) -> RequestLine {
        var index = start
        while index < limit, ASCII.isTokenChar(bytes[index]) { index += 1 }
        guard index > start else { throw .badRequest("invalid method") }
        guard index < limit, bytes[index] == ASCII.space else { throw .badRequest("invalid method") }
        let method = start..<index
        index += 1
        let targetStart = index
        while index < limit, ASCII.isTargetByte(bytes[index]) { index += 1 }
        guard index > targetStart else { throw .badRequest("empty request-target") }
        guard index < limit, bytes[index] == ASCII.space else {
            throw .badRequest("invalid character in request-target")
        }
        let target = targetStart..<index
        index += 1
        let version = try parseVersion(bytes, at: index, limit: limit)
        index += 8
        guard index + 1 < limit, bytes[index] == ASCII.cr, bytes[index + 1] == ASCII.lf else {
            throw .badRequest("malformed request line")
        }
        return RequestLine(method: method, target: target, version: version, next: index + 2)
    }

    /// Reads exactly eight bytes `HTTP/d.d`: 1.1 and 1.0 are accepted, other digits are 505.
    private static func parseVersion(_ bytes: Span<UInt8>, at start: Int, limit: Int) throws(HTTPParseError) -> HTTPVersion {
        guard start + 8 < limit, SpanText.equals(bytes, start..<start + 5, "HTTP/"),
              bytes[start + 6] == UInt8(ascii: "."),
              ASCII.isDigit(bytes[start + 5]), ASCII.isDigit(bytes[start + 7])
        else {
            throw .badRequest("malformed HTTP version")
        }
        guard bytes[start + 8] == ASCII.cr else { throw .badRequest("malformed HTTP version") }
        switch (bytes[start + 5], bytes[start + 7]) {
        case (UInt8(ascii: "1"), UInt8(ascii: "1")): return .http1_1
        case (UInt8(ascii: "1"), UInt8(ascii: "0")): return .http1_0
        default: throw HTTPParseError(status: 505, reason: "HTTP version not supported")
        }
    }
}
