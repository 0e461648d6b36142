/// A request header field as received (lowercase name, including pseudo-headers such as `:path`).
public typealias HTTP2Field = (name: String, value: String)

/// What a response body source tells the session when asked for bytes.
public enum HTTP2BodyRead: Sendable {
    /// `count` bytes were written into the buffer; `end` marks the last of the body.
    case bytes(Int, end: Bool)
    /// Nothing is ready: the stream waits until `HTTP2Session.resumeBody(stream:)`.
    case deferred
}

/// Events of one server session, delivered on the thread that calls `receive`/`send` (the connection's loop).
public protocol HTTP2SessionDelegate: AnyObject {
    /// A request's header section is complete. `oversized` when its decoded size passed `maxHeaderListSize`
    /// (the fields are then incomplete). `endStream`: the request has no body.
    func http2(_ session: HTTP2Session, stream: Int32, headers: [HTTP2Field], oversized: Bool, endStream: Bool)
    /// Body bytes of `stream` (valid only during the call). They count against the window until `consume`.
    func http2(_ session: HTTP2Session, stream: Int32, data: UnsafeRawBufferPointer)
    /// The request body of `stream` ended (END_STREAM received).
    func http2(_ session: HTTP2Session, endOfRequest stream: Int32)
    /// The peer reset `stream` (RST_STREAM received).
    func http2(_ session: HTTP2Session, resetByPeer stream: Int32, errorCode: UInt32)
    /// The stream is closed for good (`errorCode` 0 when it ended normally).
    func http2(_ session: HTTP2Session, closed stream: Int32, errorCode: UInt32)
    /// The last frame of the response of `stream` (END_STREAM) was handed to the output.
    func http2(_ session: HTTP2Session, responseSent stream: Int32)
    /// Fill `buffer` with the next response body bytes of `stream`.
    func http2(_ session: HTTP2Session, stream: Int32, readBodyInto buffer: UnsafeMutableRawBufferPointer) -> HTTP2BodyRead
}
