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
