/// The HTTP server's settings (SPEC section 6); every limit has its named default here.
public struct ServerConfiguration: Sendable {
    public var host = "0.0.0.0"
    public var port = 3000
    public var eventLoops = 1
    public var headerTimeout: Duration = .seconds(15)
    public var readTimeout: Duration = .seconds(15)
    public var writeTimeout: Duration = .seconds(15)
    public var idleTimeout: Duration = .seconds(60)
    public var maxHeaderBytes = 1 << 20
    public var maxBodyBytes = 25 << 20
    public var maxConnections = 10_000
    public var shutdownTimeout: Duration = .seconds(30)
    /// After `shutdown()` (or SIGTERM) the listeners stay open this long, with readiness 503 and `Connection: close`
    /// on every response, so that a proxy stops choosing this instance before it stops accepting.
    public var shutdownDelay: Duration = .zero
    public var serverName = "eloquent"
    /// How long a closing connection keeps discarding what the client still sends, so that the final response is not
    /// destroyed by a TCP reset (nginx's lingering close).
    public var lingerTimeout: Duration = .seconds(2)
    /// Unread body bytes the server will read and discard after a response to keep the connection; beyond this, or
    /// with an unanswered `Expect: 100-continue`, the connection closes instead.
    public var maxDiscardBytes = 256 * 1024
    /// Bytes of pipelined requests buffered while a handler runs before reading pauses.
    public var maxPipelineBuffer = 64 * 1024
    /// HTTP/2 on the same port (prior knowledge, `Upgrade: h2c`, ALPN `h2`).
    public var http2Enabled = true
    /// SETTINGS_MAX_CONCURRENT_STREAMS: streams (and handler tasks) per HTTP/2 connection.
    public var http2MaxConcurrentStreams = 100
    /// PEM certificate chain and private key: when both are set, the port speaks TLS (ALPN `h2`, `http/1.1`).
    public var tlsCertificateFile: String?
    public var tlsKeyFile: String?
    /// Whether to share a port another process already listens on (`SO_REUSEPORT`, for a hand-over restart). When
    /// false, `start()` first probes the port and refuses with ``ServerStartError/portInUse(host:port:)``.
    public var reusePort = false

    public init() {}
}

extension Duration {
    /// Whole milliseconds (at least 1 for a positive duration).
    var milliseconds: UInt64 {
        let parts = components
        let ms = parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000
        return ms <= 0 ? (self > .zero ? 1 : 0) : UInt64(ms)
    }
}
