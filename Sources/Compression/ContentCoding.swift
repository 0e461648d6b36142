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
