import Basics
/// Walks the comma-separated elements of a field value (RFC 9110 §5.6.1), each with OWS trimmed.
/// An empty value yields one empty element; callers decide whether empty elements are an error.
struct ListElements {
    private var index: Int
    private let end: Int

    init(_ value: Range<Int>) {
        index = value.lowerBound
        end = value.upperBound
    }

    mutating func next(_ bytes: Span<UInt8>) -> Range<Int>? {
        guard index <= end else { return nil }
        var cursor = index
        while cursor < end, bytes[cursor] != ASCII.comma { cursor += 1 }
        let element = SpanTrimming.trimmingWhitespace(bytes, index..<cursor)
        index = cursor + 1
        return element
    }
}
