internal import CNGHTTP2

/// A failed nghttp2 call: the operation's name and nghttp2's error code (a negative `nghttp2_error`).
public struct HTTP2Error: Error, Sendable, CustomStringConvertible {
    public let operation: String
    public let code: Int32

    init(_ operation: String, code: Int32) {
        self.operation = operation
        self.code = code
    }

    /// nghttp2's explanation of `code`.
    public var message: String { String(cString: nghttp2_strerror(code)) }
    public var description: String { "\(operation) failed: \(message) (\(code))" }
    /// True when the session can no longer be used (protocol violation, flood, memory).
    public var isFatal: Bool { nghttp2_is_fatal(code) != 0 || code == Int32(NGHTTP2_ERR_CALLBACK_FAILURE.rawValue) }

    /// nghttp2's own flood defences tripped (rapid reset, too many CONTINUATION or SETTINGS frames, empty frames).
    public var isFlood: Bool {
        code == NGHTTP2_ERR_FLOODED.rawValue || code == NGHTTP2_ERR_TOO_MANY_SETTINGS.rawValue
            || code == NGHTTP2_ERR_TOO_MANY_CONTINUATIONS.rawValue
    }

    @inline(__always)
    static func check(_ rc: Int32, _ operation: String) throws(HTTP2Error) {
        if rc != 0 { throw HTTP2Error(operation, code: rc) }
    }
}

/// HTTP/2 error codes (RFC 9113 §7) used by the server.
public enum HTTP2ErrorCode: UInt32, Sendable {
    case noError = 0x0
    case protocolError = 0x1
    case internalError = 0x2
    case flowControlError = 0x3
    case refusedStream = 0x7
    case cancel = 0x8
    case enhanceYourCalm = 0xb
}

/// What the server advertises and enforces on one connection.
public struct HTTP2Settings: Sendable {
    /// SETTINGS_MAX_CONCURRENT_STREAMS.
    public var maxConcurrentStreams = 100
    /// SETTINGS_MAX_HEADER_LIST_SIZE (decoded size, RFC 9113 §6.5.2); beyond it a stream is answered 431.
    public var maxHeaderListSize = 1 << 20
    /// SETTINGS_INITIAL_WINDOW_SIZE: request body bytes a stream may have in flight before its handler reads them.
    public var initialWindowSize = 256 * 1024
    /// Connection-level receive window: body bytes the whole connection may have unread.
    public var connectionWindowSize = 1 << 20
    /// Incoming RST_STREAM frames allowed at once, and regained per second (nghttp2's token bucket).
    public var resetBurst = 200
    public var resetRate = 50
    /// CONTINUATION frames allowed after one HEADERS frame.
    public var maxContinuations = 16

    public init() {}
}
