/// Classifies a request-target into one of the four forms of RFC 9112 §3.2 and locates its path and query.
struct RequestTarget {
    /// The path bytes; nil means "/" (absolute-form without a path).
    var path: Range<Int>?
    var query: Range<Int>?

    static func parse(_ bytes: Span<UInt8>, target: Range<Int>, method: Range<Int>) throws(HTTPParseError) -> RequestTarget {
        let isConnect = SpanText.equals(bytes, method, "CONNECT")
        let first = bytes[target.lowerBound]
        if isConnect {
            try validateAuthorityForm(bytes, target)
            return RequestTarget(path: target, query: nil)
        }
        if first == ASCII.slash {
            return splitPathAndQuery(bytes, target)
        }
        if target.count == 1, first == ASCII.asterisk {
            guard SpanText.equals(bytes, method, "OPTIONS") else {
                throw .badRequest("asterisk-form is only allowed with OPTIONS")
            }
            return RequestTarget(path: target, query: nil)
        }
        return try parseAbsoluteForm(bytes, target)
    }

    private static func splitPathAndQuery(_ bytes: Span<UInt8>, _ range: Range<Int>) -> RequestTarget {
        var index = range.lowerBound
        while index < range.upperBound, bytes[index] != ASCII.question { index += 1 }
        let query = index < range.upperBound ? (index + 1)..<range.upperBound : nil
        return RequestTarget(path: range.lowerBound..<index, query: query)
    }

    private static func parseAbsoluteForm(_ bytes: Span<UInt8>, _ target: Range<Int>) throws(HTTPParseError) -> RequestTarget {
        let start = target.lowerBound
        let afterScheme: Int
        if target.count >= 7, SpanText.equalsIgnoringCase(bytes, start..<start + 7, "http://") {
            afterScheme = start + 7
        } else if target.count >= 8, SpanText.equalsIgnoringCase(bytes, start..<start + 8, "https://") {
            afterScheme = start + 8
        } else {
            throw .badRequest("invalid request-target form")
        }
        var index = afterScheme
        while index < target.upperBound {
            let byte = bytes[index]
            if byte == ASCII.slash || byte == ASCII.question { break }
            if byte == UInt8(ascii: "@") { throw .badRequest("userinfo in request-target") }
            index += 1
        }
        guard index > afterScheme else { throw .badRequest("empty host in request-target") }
        guard HostValidator.isValidHost(bytes, afterScheme..<index) else {
            throw .badRequest("invalid host in request-target")
        }
        guard index < target.upperBound else { return RequestTarget(path: nil, query: nil) }
        if bytes[index] == ASCII.question {
            return RequestTarget(path: nil, query: (index + 1)..<target.upperBound)
        }
        return splitPathAndQuery(bytes, index..<target.upperBound)
    }

    /// `uri-host ":" port`, with a non-empty host and a 1–5 digit port.
    private static func validateAuthorityForm(_ bytes: Span<UInt8>, _ target: Range<Int>) throws(HTTPParseError) {
        var colon = target.upperBound - 1
        while colon >= target.lowerBound, bytes[colon] != ASCII.colon {
            guard ASCII.isDigit(bytes[colon]) else { throw .badRequest("invalid authority-form target") }
            colon -= 1
        }
        let portDigits = target.upperBound - colon - 1
        guard colon > target.lowerBound, (1...5).contains(portDigits) else {
            throw .badRequest("invalid authority-form target")
        }
        guard HostValidator.isValidHost(bytes, target.lowerBound..<colon) else {
            throw .badRequest("invalid authority-form target")
        }
    }
}
