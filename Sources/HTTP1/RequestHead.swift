/// A parsed and validated request line plus header section.
public struct RequestHead: Sendable, Equatable {
    public var method: String
    /// The request-target exactly as received.
    public var target: String
    /// The target up to '?'; for absolute-form the path part ("/" when empty); "*" for asterisk-form;
    /// the authority for CONNECT.
    public var path: String
    /// The part after '?', without it; nil when there is no '?'.
    public var query: String?
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var framing: BodyFraming
    /// HTTP/1.1: true unless Connection has the token "close"; HTTP/1.0: true only with "keep-alive".
    public var keepAlive: Bool
    /// `Expect: 100-continue` was sent (ignored for HTTP/1.0 requests, RFC 9110 §10.1.1).
    public var expectsContinue: Bool

    public init(
        method: String, target: String, path: String, query: String?, version: HTTPVersion,
        headers: HTTPHeaders, framing: BodyFraming, keepAlive: Bool, expectsContinue: Bool
    ) {
        self.method = method
        self.target = target
        self.path = path
        self.query = query
        self.version = version
        self.headers = headers
        self.framing = framing
        self.keepAlive = keepAlive
        self.expectsContinue = expectsContinue
    }
}

/// How the body of a request is delimited (RFC 9112 §6.3).
public enum BodyFraming: Sendable, Equatable {
    /// No body at all.
    case none
    /// Exactly this many bytes follow the head.
    case length(Int)
    /// The body uses the chunked transfer coding; decode it with `ChunkedDecoder`.
    case chunked
}

/// The HTTP versions this server speaks on the wire.
public enum HTTPVersion: Sendable, Hashable {
    case http1_0
    case http1_1
    /// HTTP/2 (framing by the HTTP2 module; the head is built from the stream's header block).
    case http2
}

/// The outcome of one `RequestHeadParser.parse(_:)` call.
public enum HeadParseResult: Sendable, Equatable {
    /// More bytes are needed; call again with the same first byte and more data.
    case incomplete
    /// The head is complete; `consumed` bytes (leading empty lines included) belong to it.
    case complete(RequestHead, consumed: Int)
    /// The request is malformed; answer `error.status` and close the connection.
    case failure(HTTPParseError)
}
