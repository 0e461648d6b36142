/// Helpers that read text out of a byte span without copying the span itself.
enum SpanText {
    /// Builds a String from `bytes[range]`. Invalid UTF-8 (obs-text) becomes U+FFFD.
    static func string(_ bytes: Span<UInt8>, _ range: Range<Int>) -> String {
        if range.isEmpty { return "" }
        let slice = bytes.extracting(range)
        if let text = try? UTF8Span(validating: slice) {
            return String(copying: text)
        }
        var copy: [UInt8] = []
        copy.reserveCapacity(range.count)
        for index in range { copy.append(bytes[index]) }
        return String(decoding: copy, as: UTF8.self)
    }

    /// True when `bytes[range]` equals `lowercaseLiteral` ignoring ASCII case.
    /// `lowercaseLiteral` must be lowercase ASCII.
    static func equalsIgnoringCase(_ bytes: Span<UInt8>, _ range: Range<Int>, _ lowercaseLiteral: String) -> Bool {
        let literal = lowercaseLiteral.utf8.span
        guard literal.count == range.count else { return false }
        let offset = range.lowerBound
        for index in literal.indices where ASCII.lowercased(bytes[offset + index]) != literal[index] {
            return false
        }
        return true
    }

    /// True when `bytes[range]` equals `literal` exactly.
    static func equals(_ bytes: Span<UInt8>, _ range: Range<Int>, _ literal: String) -> Bool {
        let expected = literal.utf8.span
        guard expected.count == range.count else { return false }
        let offset = range.lowerBound
        for index in expected.indices where bytes[offset + index] != expected[index] {
            return false
        }
        return true
    }

}
