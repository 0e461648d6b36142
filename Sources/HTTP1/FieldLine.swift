/// One `field-name ":" OWS field-value OWS CRLF` line located in a byte span (RFC 9112 §5),
/// shared by the head parser and the chunked trailer section.
struct FieldLine {
    var name: Range<Int>
    /// The value with surrounding OWS removed.
    var value: Range<Int>
    /// The index just after the line's CRLF.
    var next: Int

    /// Parses the field line starting at `start`; the line must end with CRLF before `limit`.
    static func parse(_ bytes: Span<UInt8>, at start: Int, limit: Int) throws(HTTPParseError) -> FieldLine {
        guard start < limit else { throw .badRequest("truncated header field") }
        if ASCII.isWhitespace(bytes[start]) {
            throw .badRequest("obsolete line folding")
        }
        var index = start
        while index < limit, ASCII.isTokenChar(bytes[index]) { index += 1 }
        guard index > start else { throw .badRequest("empty or invalid header field name") }
        guard index < limit, bytes[index] == ASCII.colon else {
            throw .badRequest("invalid header field name")
        }
        let name = start..<index
        index += 1
        while index < limit, ASCII.isWhitespace(bytes[index]) { index += 1 }
        let valueStart = index
        var valueEnd = index
        while index < limit {
            let byte = bytes[index]
            if byte > ASCII.space, byte != ASCII.del {
                // VCHAR or obs-text: the common case.
                index += 1
                valueEnd = index
                continue
            }
            if byte == ASCII.cr { break }
            guard ASCII.isWhitespace(byte) else {
                throw .badRequest("invalid character in header field value")
            }
            index += 1
        }
        guard index + 1 < limit, bytes[index] == ASCII.cr, bytes[index + 1] == ASCII.lf else {
            throw .badRequest("bare CR in header field")
        }
        return FieldLine(name: name, value: valueStart..<valueEnd, next: index + 2)
    }
}
