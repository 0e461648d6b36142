/// Collects what the framing-relevant fields say while the head is parsed (Host, Content-Length,
/// Transfer-Encoding, Connection, Expect) and turns it into the request's framing and flags,
/// rejecting the request-smuggling shapes of RFC 9112 §6.
struct HeadSemantics {
    private var hostCount = 0
    private var contentLength: Int?
    private var hasTransferEncoding = false
    private var codingCount = 0
    private var chunkedCount = 0
    private var lastCodingIsChunked = false
    private var connectionClose = false
    private var connectionKeepAlive = false
    private var expectsContinue = false
    private var unsupportedExpectation = false

    /// At most 18 digits, so the value always fits in an Int.
    static let maxContentLengthDigits = 18

    mutating func observe(_ bytes: Span<UInt8>, _ field: FieldLine) throws(HTTPParseError) {
        let name = field.name
        // Length and first letter rule out almost every other field before a full comparison.
        switch (name.count, ASCII.lowercased(bytes[name.lowerBound])) {
        case (4, UInt8(ascii: "h")) where SpanText.equalsIgnoringCase(bytes, name, "host"):
            hostCount += 1
            guard HostValidator.isValidHost(bytes, field.value) else { throw .badRequest("invalid Host") }
        case (6, UInt8(ascii: "e")) where SpanText.equalsIgnoringCase(bytes, name, "expect"):
            if SpanText.equalsIgnoringCase(bytes, field.value, "100-continue") {
                expectsContinue = true
            } else {
                unsupportedExpectation = true
            }
        case (10, UInt8(ascii: "c")) where SpanText.equalsIgnoringCase(bytes, name, "connection"):
            observeConnection(bytes, field.value)
        case (14, UInt8(ascii: "c")) where SpanText.equalsIgnoringCase(bytes, name, "content-length"):
            try observeContentLength(bytes, field.value)
        case (17, UInt8(ascii: "t")) where SpanText.equalsIgnoringCase(bytes, name, "transfer-encoding"):
            try observeTransferEncoding(bytes, field.value)
        default:
            break
        }
    }

    private mutating func observeConnection(_ bytes: Span<UInt8>, _ value: Range<Int>) {
        var elements = ListElements(value)
        while let option = elements.next(bytes) {
            if SpanText.equalsIgnoringCase(bytes, option, "close") {
                connectionClose = true
            } else if SpanText.equalsIgnoringCase(bytes, option, "keep-alive") {
                connectionKeepAlive = true
            }
        }
    }

    private mutating func observeContentLength(_ bytes: Span<UInt8>, _ value: Range<Int>) throws(HTTPParseError) {
        var elements = ListElements(value)
        while let element = elements.next(bytes) {
            guard !element.isEmpty, element.count <= Self.maxContentLengthDigits else {
                throw .badRequest("invalid Content-Length")
            }
            var length = 0
            for index in element {
                let byte = bytes[index]
                guard ASCII.isDigit(byte) else { throw .badRequest("invalid Content-Length") }
                length = length * 10 + Int(byte &- ASCII.zero)
            }
            if let previous = contentLength, previous != length {
                throw .badRequest("conflicting Content-Length values")
            }
            contentLength = length
        }
    }

    private mutating func observeTransferEncoding(_ bytes: Span<UInt8>, _ value: Range<Int>) throws(HTTPParseError) {
        hasTransferEncoding = true
        var elements = ListElements(value)
        while let coding = elements.next(bytes) {
            guard !coding.isEmpty else { throw .badRequest("empty transfer-coding") }
            codingCount += 1
            lastCodingIsChunked = SpanText.equalsIgnoringCase(bytes, coding, "chunked")
            if lastCodingIsChunked { chunkedCount += 1 }
        }
    }

    /// The framing, keep-alive and 100-continue outcome once every field has been seen.
    func finish(version: HTTPVersion) throws(HTTPParseError) -> (framing: BodyFraming, keepAlive: Bool, expectsContinue: Bool) {
        if hostCount > 1 { throw .badRequest("more than one Host") }
        if version == .http1_1, hostCount == 0 { throw .badRequest("missing Host") }
        let framing = try framing(version: version)
        if unsupportedExpectation {
            throw HTTPParseError(status: 417, reason: "unsupported expectation")
        }
        let keepAlive = switch version {
        case .http1_1, .http2: !connectionClose
        case .http1_0: connectionKeepAlive && !connectionClose
        }
        return (framing, keepAlive, expectsContinue && version == .http1_1)
    }

    private func framing(version: HTTPVersion) throws(HTTPParseError) -> BodyFraming {
        guard hasTransferEncoding else {
            return contentLength.map { .length($0) } ?? .none
        }
        if contentLength != nil { throw .badRequest("both Transfer-Encoding and Content-Length") }
        if version == .http1_0 { throw .badRequest("Transfer-Encoding in an HTTP/1.0 request") }
        guard lastCodingIsChunked, chunkedCount == 1 else {
            throw .badRequest("chunked must be the final transfer-coding, once")
        }
        if codingCount > 1 {
            throw HTTPParseError(status: 501, reason: "unsupported transfer-coding")
        }
        return .chunked
    }
}
