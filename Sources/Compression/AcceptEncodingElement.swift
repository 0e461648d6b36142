import Basics
/// One well-formed element of an `Accept-Encoding` list: `coding [ OWS ";" OWS "q=" qvalue ]`.
struct AcceptEncodingElement {
    /// The coding an element names, as far as negotiation cares.
    enum Coding {
        case gzip, deflate, identity, any, other
    }

    private static let gzip = Array("gzip".utf8)
    private static let xGzip = Array("x-gzip".utf8)
    private static let deflate = Array("deflate".utf8)
    private static let identity = Array("identity".utf8)

    let coding: Coding
    /// Weight in thousandths (0…1000); 1000 when no `q` is given.
    let weight: Int

    /// Parses `bytes[range]`; nil when the element is empty or malformed (bad or repeated
    /// weight, unknown parameter, bytes outside the grammar such as control characters).
    init?(_ bytes: Span<UInt8>, _ range: Range<Int>) {
        let range = SpanTrimming.trimmingWhitespace(bytes, range)
        var index = range.lowerBound
        while index < range.upperBound && HTTPSyntax.isTokenByte(bytes[index]) { index += 1 }
        guard index > range.lowerBound else { return nil }
        let name = range.lowerBound..<index
        var weight = 1000
        index = HTTPSyntax.skippingWhitespace(bytes, from: index, to: range.upperBound)
        if index < range.upperBound {
            guard let parsed = Self.parseWeight(bytes, index..<range.upperBound) else { return nil }
            weight = parsed
        }
        self.coding = Self.classify(bytes, name)
        self.weight = weight
    }

    /// Parses `";" OWS "q" OWS "=" OWS qvalue` filling all of `range`.
    private static func parseWeight(_ bytes: Span<UInt8>, _ range: Range<Int>) -> Int? {
        let end = range.upperBound
        var index = range.lowerBound
        guard bytes[index] == UInt8(ascii: ";") else { return nil }
        index = HTTPSyntax.skippingWhitespace(bytes, from: index + 1, to: end)
        guard index < end, bytes[index] | 0x20 == UInt8(ascii: "q") else { return nil }
        index = HTTPSyntax.skippingWhitespace(bytes, from: index + 1, to: end)
        guard index < end, bytes[index] == UInt8(ascii: "=") else { return nil }
        index = HTTPSyntax.skippingWhitespace(bytes, from: index + 1, to: end)
        return QValue.parse(bytes, index..<end)
    }

    private static func classify(_ bytes: Span<UInt8>, _ name: Range<Int>) -> Coding {
        if HTTPSyntax.equalsIgnoringCase(bytes, name, gzip) || HTTPSyntax.equalsIgnoringCase(bytes, name, xGzip) {
            return .gzip
        }
        if HTTPSyntax.equalsIgnoringCase(bytes, name, deflate) { return .deflate }
        if HTTPSyntax.equalsIgnoringCase(bytes, name, identity) { return .identity }
        if name.count == 1 && bytes[name.lowerBound] == UInt8(ascii: "*") { return .any }
        return .other
    }
}
