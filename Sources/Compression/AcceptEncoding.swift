/// `Accept-Encoding` negotiation (RFC 9110 §12.5.3).
public enum AcceptEncoding {
    /// Parses an `Accept-Encoding` header value: a comma list of codings with optional `;q=`
    /// weights (0…1, up to 3 decimals), `*`, `identity`, and `x-gzip` as gzip, case-insensitive,
    /// optional whitespace around every delimiter. Returns the preferred supported coding
    /// (gzip over deflate on ties) or nil.
    ///
    /// A malformed element (a weight like `q=2`, `q=abc` or `q=0.1234`, an unknown parameter,
    /// control characters or other bytes outside the grammar) counts as absent: it never selects
    /// a coding. `q=0` excludes a coding; `*;q=0` without an explicit gzip or deflate gives nil.
    /// An `identity` listed with a higher weight than every supported coding gives nil. Runs in
    /// time linear in the header's length and allocates nothing per element.
    public static func negotiate(_ header: String?) -> ContentCoding? {
        guard let header else { return nil }
        var weights = CodingWeights()
        let bytes = header.utf8.span
        var start = 0
        while start <= bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: ",") { end += 1 }
            if let element = AcceptEncodingElement(bytes, start..<end) {
                weights.record(element)
            }
            start = end + 1
        }
        return weights.preferred
    }
}
