/// One outbound HTTP(S) request. The body is sent as given (with `Content-Length`); headers go out in order. A body
/// may also be given as consecutive segments (`bodySegments`), sent one after the other without being joined, so
/// that a large buffer the caller holds goes out with framing around it and is never copied in Swift.
public struct UpstreamRequest: Sendable {
    /// An HTTP method token such as `GET` or `POST`.
    public var method: String
    /// An absolute `http://` or `https://` URL.
    public var url: String
    public var headers: [(String, String)]
    public var body: [UInt8]
    /// When not empty, the body is these segments in order, and `body` is ignored.
    public var bodySegments: [[UInt8]] = []
    /// Limit for the whole exchange; nil uses the pool's `requestTimeout`.
    public var timeout: Duration?

    public init(method: String = "GET", url: String, headers: [(String, String)] = [], body: [UInt8] = [],
                timeout: Duration? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    public init(method: String = "POST", url: String, headers: [(String, String)] = [], bodySegments: [[UInt8]],
                timeout: Duration? = nil) {
        self.init(method: method, url: url, headers: headers, timeout: timeout)
        self.bodySegments = bodySegments
    }

    /// The body's segments: `bodySegments`, or `body` alone.
    var segments: [[UInt8]] { bodySegments.isEmpty ? [body] : bodySegments }

    /// The body's length in bytes.
    var bodyLength: Int { bodySegments.isEmpty ? body.count : bodySegments.reduce(0) { $0 + $1.count } }

    /// The URL's `host[:port]` (for error messages), or "" when the URL has none.
    public var host: String {
        guard let scheme = url.firstRange(of: "://") else { return "" }
        let rest = url[scheme.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { return String(authority[authority.index(after: at)...]) }
        return String(authority)
    }
}
