/// How the body of a request is delimited (RFC 9112 §6.3).
public enum BodyFraming: Sendable, Equatable {
    /// No body at all.
    case none
    /// Exactly this many bytes follow the head.
    case length(Int)
    /// The body uses the chunked transfer coding; decode it with `ChunkedDecoder`.
    case chunked
}
