// The one place text and bytes lose their surrounding whitespace. HTTP's optional whitespace (RFC 9110 section 5.6.3)
// is space and horizontal tab; configuration values and upstream header values also drop CR and LF.

extension StringProtocol {
    /// Without leading and trailing spaces and tabs; with `lineBreaks`, without CR and LF either.
    package func trimmingWhitespace(lineBreaks: Bool = false) -> SubSequence {
        let isSpace: (Character) -> Bool = {
            $0 == " " || $0 == "\t" || (lineBreaks && ($0 == "\r" || $0 == "\n" || $0 == "\r\n"))
        }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return self[endIndex...]
        }
        return self[first...last]
    }

    /// Without leading and trailing Unicode whitespace (form fields typed by people).
    package func trimmed() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else {
            return ""
        }
        return String(self[first...last])
    }
}

extension BidirectionalCollection where Element == UInt8 {
    /// Without leading and trailing spaces and tabs.
    package func trimmingWhitespace() -> SubSequence {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return self[endIndex...]
        }
        return self[first...last]
    }
}

/// Whitespace trimming over a byte span, for parsers that work in place.
package enum SpanTrimming {
    /// `range` of `bytes` without spaces and tabs at either end.
    package static func trimmingWhitespace(_ bytes: Span<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
        while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 { upper -= 1 }
        return lower..<upper
    }
}
