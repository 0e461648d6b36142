/// Collects the trailer section after the last chunk, byte by byte, validating each line like a header field.
struct TrailerCollector: Sendable {
    private var line: [UInt8] = []
    private var total = 0
    private(set) var fields = HTTPHeaders()

    /// Consumes one byte; returns true once the final empty line has been consumed.
    mutating func feed(_ byte: UInt8, maxBytes: Int) throws(HTTPParseError) -> Bool {
        total += 1
        guard total <= maxBytes else { throw .badRequest("trailer section too large") }
        line.append(byte)
        guard byte == ASCII.lf else { return false }
        let count = line.count
        guard count >= 2, line[count - 2] == ASCII.cr else { throw .badRequest("bare LF in trailer") }
        if count == 2 { return true }
        let (name, value) = try Self.field(in: line)
        fields.add(name, value)
        line.removeAll(keepingCapacity: true)
        return false
    }

    /// The name and value of one complete trailer line (ending in CRLF).
    private static func field(in line: [UInt8]) throws(HTTPParseError) -> (String, String) {
        let bytes = line.span
        let field = try FieldLine.parse(bytes, at: 0, limit: line.count)
        guard field.next == line.count else { throw .badRequest("bare CR in trailer") }
        return (SpanText.string(bytes, field.name), SpanText.string(bytes, field.value))
    }
}
