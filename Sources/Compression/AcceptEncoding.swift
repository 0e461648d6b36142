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

/// An HTTP content coding this server can produce and decode.
///
/// `deflate` is HTTP's "deflate" coding: the zlib format (RFC 1950) around a deflate stream,
/// not a raw deflate stream. `gzip` is the gzip file format (RFC 1952).
public enum ContentCoding: String, Sendable, CaseIterable {
    case gzip
    case deflate

    /// The `windowBits` argument zlib needs for this coding with a window of 2^`log2Window`
    /// bytes (9…15): the bare value selects the zlib wrapper, + 16 the gzip wrapper.
    func zlibWindowBits(log2Window: Int32 = 15) -> Int32 {
        switch self {
        case .gzip: return log2Window + 16
        case .deflate: return log2Window
        }
    }
}

/// A weight from an HTTP `;q=` parameter (RFC 9110 §12.4.2), in thousandths: 0…1000.
enum QValue {
    /// Parses all of `bytes[range]` as `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )`;
    /// nil for anything else (values above 1, a fourth decimal, signs, letters, empty).
    static func parse(_ bytes: Span<UInt8>, _ range: Range<Int>) -> Int? {
        guard !range.isEmpty else { return nil }
        let lead = bytes[range.lowerBound]
        guard lead == UInt8(ascii: "0") || lead == UInt8(ascii: "1") else { return nil }
        var index = range.lowerBound + 1
        var thousandths = lead == UInt8(ascii: "1") ? 1000 : 0
        guard index < range.upperBound else { return thousandths }
        guard bytes[index] == UInt8(ascii: ".") else { return nil }
        index += 1
        let decimals = range.upperBound - index
        guard decimals <= 3 else { return nil }
        var scale = 100
        while index < range.upperBound {
            let byte = bytes[index]
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            thousandths += Int(byte - UInt8(ascii: "0")) * scale
            scale /= 10
            index += 1
        }
        return thousandths <= 1000 ? thousandths : nil
    }
}

/// The weights an `Accept-Encoding` header gives the codings negotiation cares about.
struct CodingWeights {
    private var gzip: Int?
    private var deflate: Int?
    private var identity: Int?
    private var any: Int?

    /// Records one element; when a coding is listed more than once, the lowest weight counts
    /// (so a `q=0` anywhere excludes it).
    mutating func record(_ element: AcceptEncodingElement) {
        switch element.coding {
        case .gzip: gzip = Self.lower(gzip, element.weight)
        case .deflate: deflate = Self.lower(deflate, element.weight)
        case .identity: identity = Self.lower(identity, element.weight)
        case .any: any = Self.lower(any, element.weight)
        case .other: break
        }
    }

    /// The coding to use: the higher-weighted of gzip and deflate (a coding not listed takes
    /// `*`'s weight, or 0), gzip on a tie; nil when both are 0 or an explicitly listed
    /// `identity` outweighs the best.
    var preferred: ContentCoding? {
        let gzipWeight = gzip ?? any ?? 0
        let deflateWeight = deflate ?? any ?? 0
        let best = max(gzipWeight, deflateWeight)
        guard best > 0 else { return nil }
        if let identity, identity > best { return nil }
        return gzipWeight >= deflateWeight ? .gzip : .deflate
    }

    private static func lower(_ current: Int?, _ new: Int) -> Int {
        current.map { min($0, new) } ?? new
    }
}
