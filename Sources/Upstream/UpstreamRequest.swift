/// One outbound HTTP(S) request. The body is sent as given (with `Content-Length`); headers go out in order.
public struct UpstreamRequest: Sendable {
    /// An HTTP method token such as `GET` or `POST`.
    public var method: String
    /// An absolute `http://` or `https://` URL.
    public var url: String
    public var headers: [(String, String)]
    public var body: [UInt8]
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

    /// The URL's `host[:port]` (for error messages), or "" when the URL has none.
    public var host: String {
        guard let scheme = url.firstRange(of: "://") else { return "" }
        let rest = url[scheme.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { return String(authority[authority.index(after: at)...]) }
        return String(authority)
    }
}
