public import HTTP1
import Basics

/// A complete response. The server adds `Date`, `Server`, `Content-Length` and `Connection`.
public struct Response: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// A body sent as it is produced (server-sent events, relayed streams) instead of `body`: the head goes out
    /// first, then each chunk as it arrives (HTTP/1.1 chunked coding; HTTP/1.0 until the connection closes). If the
    /// stream throws, the response is cut short and the connection closes, so the client sees it was incomplete.
    public var stream: AsyncThrowingStream<[UInt8], any Error>?

    public init(status: Int = 200, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response whose body is `stream`.
    public static func streaming(_ stream: AsyncThrowingStream<[UInt8], any Error>, status: Int = 200,
                                 headers: HTTPHeaders = HTTPHeaders()) -> Response {
        var response = Response(status: status, headers: headers)
        response.stream = stream
        return response
    }

    /// A JSON response from already-encoded JSON text.
    public static func json(_ text: String, status: Int = 200) -> Response {
        Response(status: status, headers: HTTPHeaders([("Content-Type", "application/json; charset=utf-8")]), body: Array(text.utf8))
    }

    /// A JSON response from an `Encodable` value.
    public static func json<T: Encodable>(_ value: T, status: Int = 200) -> Response {
        Response(status: status, headers: HTTPHeaders([("Content-Type", "application/json; charset=utf-8")]), body: JSON.encode(value))
    }

    public static func text(_ text: String, status: Int = 200) -> Response {
        Response(status: status, headers: HTTPHeaders([("Content-Type", "text/plain; charset=utf-8")]), body: Array(text.utf8))
    }

    public static func html(_ text: String, status: Int = 200) -> Response {
        Response(status: status, headers: HTTPHeaders([("Content-Type", "text/html; charset=utf-8")]), body: Array(text.utf8))
    }
}
