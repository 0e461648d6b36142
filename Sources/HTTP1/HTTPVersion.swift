/// The HTTP versions this server speaks on the wire.
public enum HTTPVersion: Sendable, Hashable {
    case http1_0
    case http1_1
    /// HTTP/2 (framing by the HTTP2 module; the head is built from the stream's header block).
    case http2
}
