/// Turns a complete, delimited request head into a `RequestHead`: validates the request line and every
/// field line, applies the framing rules, and builds the Strings.
enum HeadBuilder {
    /// `bytes[start..<end]` is the head: request line, field lines, and the final empty line.
    static func build(_ bytes: Span<UInt8>, start: Int, end: Int, maxHeaderCount: Int) throws(HTTPParseError) -> RequestHead {
        let line = try RequestLine.parse(bytes, at: start, limit: end)
        let form = try RequestTarget.parse(bytes, target: line.target, method: line.method)
        var semantics = HeadSemantics()
        var headers = HTTPHeaders(minimumCapacity: 16)
        var index = line.next
        while index < end, bytes[index] != ASCII.cr {
            guard headers.count < maxHeaderCount else {
                throw .headerFieldsTooLarge("more than \(maxHeaderCount) header fields")
            }
            let field = try FieldLine.parse(bytes, at: index, limit: end)
            try semantics.observe(bytes, field)
            headers.add(SpanText.string(bytes, field.name), SpanText.string(bytes, field.value))
            index = field.next
        }
        guard index + 2 == end, bytes[index] == ASCII.cr, bytes[index + 1] == ASCII.lf else {
            throw .badRequest("malformed end of head")
        }
        let outcome = try semantics.finish(version: line.version)
        let target = SpanText.string(bytes, line.target)
        let path: String
        if let pathRange = form.path {
            path = pathRange == line.target ? target : SpanText.string(bytes, pathRange)
        } else {
            path = "/"
        }
        return RequestHead(
            method: method(bytes, line.method),
            target: target,
            path: path,
            query: form.query.map { SpanText.string(bytes, $0) },
            version: line.version,
            headers: headers,
            framing: outcome.framing,
            keepAlive: outcome.keepAlive,
            expectsContinue: outcome.expectsContinue
        )
    }

    /// The two most common methods come from literals; others are built from the bytes.
    private static func method(_ bytes: Span<UInt8>, _ range: Range<Int>) -> String {
        if SpanText.equals(bytes, range, "GET") { return "GET" }
        if SpanText.equals(bytes, range, "POST") { return "POST" }
        return SpanText.string(bytes, range)
    }
}
