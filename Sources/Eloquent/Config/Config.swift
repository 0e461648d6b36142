public import Basics
public import RateLimit
public import Logging

/// The server's configuration: one typed, validated field per variable of SPEC section 6.
/// Build it with `Config.load(environment:dotEnvPath:)`; secrets are wrapped in `Secret`.
public struct Config: Sendable {
    // MARK: Listener and event loops
    /// `HOST`: listen address (an IP literal or a host name).
    public var host: String
    /// `PORT`: listen port, 0…65535 (0 picks a free port).
    public var port: Int
    /// `EVENT_LOOPS`: event-loop threads.
    public var eventLoops: Int

    // MARK: Connection I/O inactivity limits
    /// `HEADER_TIMEOUT`: time allowed for a request head to arrive.
    public var headerTimeout: Duration
    /// `READ_TIMEOUT`: longest pause while reading a body.
    public var readTimeout: Duration
    /// `WRITE_TIMEOUT`: longest pause while writing a response.
    public var writeTimeout: Duration
    /// `IDLE_TIMEOUT`: how long a keep-alive connection may sit idle.
    public var idleTimeout: Duration

    // MARK: Request limits
    /// `MAX_HEADER_BYTES`: request head limit (431 beyond it).
    public var maxHeaderBytes: Int
    /// `MAX_BODY_BYTES`: request body limit (413 before reading).
    public var maxBodyBytes: Int
    /// `MAX_CONNECTIONS`: open connections.
    public var maxConnections: Int
    /// `MAX_CONCURRENT_REQUESTS`: transcriptions in flight (503 beyond it).
    public var maxConcurrentRequests: Int

    // MARK: HTTP/2 and TLS
    /// `HTTP2_MAX_CONCURRENT_STREAMS`: streams per HTTP/2 connection (advertised and enforced).
    public var http2MaxConcurrentStreams: Int
    /// `TLS_CERT_FILE`: PEM certificate chain; with `TLS_KEY_FILE`, HTTPS (ALPN h2, http/1.1) on the same port.
    public var tlsCertFile: String?
    /// `TLS_KEY_FILE`: PEM private key of `TLS_CERT_FILE`.
    public var tlsKeyFile: String?

    // MARK: Worker pool
    /// `WORKER_POOL_SIZE`: CPU worker threads.
    public var workerPoolSize: Int
    /// `JOB_QUEUE_SIZE`: queued jobs before 503.
    public var jobQueueSize: Int
    /// `JOB_TIMEOUT`: longest a job may run.
    public var jobTimeout: Duration

    // MARK: Upstream pools
    /// `MAX_IDLE_CONNS`: idle upstream connections kept in all.
    public var maxIdleConns: Int
    /// `MAX_IDLE_CONNS_PER_HOST`: idle upstream connections kept per host (busy ones are not limited by it).
    public var maxIdleConnsPerHost: Int
    /// `MAX_CONNS_PER_HOST`: upstream connections per host, busy or idle; more requests wait for one. 0: no cap.
    public var maxConnsPerHost: Int
    /// `UPLOAD_MIN_RATE`: bytes per second an upload must average once its first 10 s are over, or it is cut with
    /// 408. 0: no minimum.
    public var uploadMinRate: Int
    /// `UPLOAD_MEMORY_LIMIT`: upload bytes held at once (declared lengths, or `MAX_BODY_BYTES` for chunked ones);
    /// beyond it new uploads get 503 + `Retry-After` before their body is read. Default: a quarter of physical memory.
    public var uploadMemoryLimit: Int
    /// `IDLE_CONN_TIMEOUT`: how long an idle upstream connection is kept.
    public var idleConnTimeout: Duration
    /// `REQUEST_TIMEOUT`: default upstream request timeout.
    public var requestTimeout: Duration
    /// `GROQ_TIMEOUT`: transcription provider request timeout.
    public var groqTimeout: Duration
    /// `SUPABASE_TIMEOUT`: Supabase request timeout.
    public var supabaseTimeout: Duration
    /// `STRIPE_TIMEOUT`: Stripe request timeout.
    public var stripeTimeout: Duration

    // MARK: Rate limiting and proxies
    /// `RATE_LIMIT_WINDOW`: sliding window length.
    public var rateLimitWindow: Duration
    /// `RATE_LIMIT_REQUESTS`: requests allowed per window per client IP.
    public var rateLimitRequests: Int
    /// `TRUSTED_PROXIES`: peers whose `X-Forwarded-For` / `X-Real-IP` are believed (`none` = empty).
    public var trustedProxies: [CIDR]

    // MARK: Caches (0 disables a cache)
    /// `TOKEN_CACHE_TTL`.
    public var tokenCacheTTL: Duration
    /// `USER_CACHE_TTL`.
    public var userCacheTTL: Duration
    /// `RESPONSE_CACHE_TTL`.
    public var responseCacheTTL: Duration
    /// `TRANSCRIPTION_CACHE_TTL`.
    public var transcriptionCacheTTL: Duration

    // MARK: HTTP features
    /// `CORS_ORIGINS`: `*` or a list of origins.
    public var corsOrigins: CORSOrigins
    /// `GZIP_LEVEL`: 1…9.
    public var gzipLevel: Int
    /// `GZIP_MIN_BYTES`: smallest body worth compressing.
    public var gzipMinBytes: Int

    // MARK: Storage
    /// `DATA_DIR`: SQLite file and generated local secret.
    public var dataDir: String
    /// `DATABASE_URL`: `postgres://…`; SQLite is used when unset.
    public var databaseURL: Secret?
    /// `REDIS_URL`: `redis://…` or `rediss://…`; in-process limits and caches when unset.
    public var redisURL: Secret?

    // MARK: Identity
    /// `SUPABASE_URL`.
    public var supabaseURL: HTTPURL?
    /// `SUPABASE_ANON_KEY`.
    public var supabaseAnonKey: Secret?
    /// `SUPABASE_SERVICE_KEY`.
    public var supabaseServiceKey: Secret?
    /// `SUPABASE_JWT_SECRET`.
    public var supabaseJWTSecret: Secret?

    // MARK: Transcription
    /// `TRANSCRIPTION_PROVIDER`.
    public var transcriptionProvider: TranscriptionProvider
    /// `GROQ_API_KEY`.
    public var groqAPIKey: Secret?
    /// `GROQ_BASE_URL`.
    public var groqBaseURL: HTTPURL
    /// `GROQ_MODEL`.
    public var groqModel: String
    /// `OPENAI_API_KEY`.
    public var openAIAPIKey: Secret?
    /// `OPENAI_BASE_URL`.
    public var openAIBaseURL: HTTPURL?
    /// `LOCAL_WHISPER_URL`.
    public var localWhisperURL: HTTPURL
    /// `REWRITE_MODEL`: chat model for `grammar` / `rewrite`.
    public var rewriteModel: String

    // MARK: Billing
    /// `STRIPE_SECRET_KEY`.
    public var stripeSecretKey: Secret?
    /// `STRIPE_WEBHOOK_SECRET`.
    public var stripeWebhookSecret: Secret?
    /// `STRIPE_API_BASE`.
    public var stripeAPIBase: HTTPURL
    /// `STRIPE_PRICE_<PLAN>` and `STRIPE_PRICE_<PLAN>_YEARLY`: the configured price ids.
    public var stripePrices: [PriceKey: String]
    /// `APP_URL`: default success/cancel/return URLs and allowed redirect origin.
    public var appURL: HTTPURL
    /// `ADMIN_EMAILS`: lowercased.
    public var adminEmails: [String]

    // MARK: Operations
    /// `LOG_LEVEL`.
    public var logLevel: Logger.Level
    /// `LOG_FORMAT`.
    public var logFormat: LogFormat
    /// `SLOW_REQUEST_THRESHOLD`: requests slower than this are logged as slow.
    public var slowRequestThreshold: Duration
    /// `SHUTDOWN_TIMEOUT`: how long in-flight requests may finish after SIGTERM.
    public var shutdownTimeout: Duration
    /// `REUSE_PORT`: share a port another process already listens on (a hand-over restart); when false, a port
    /// already served stops startup with a clear message (SPEC section 5).
    public var reusePort: Bool
    /// `SHUTDOWN_DELAY`: after SIGTERM, how long the server keeps accepting (with `/ready` 503 and `Connection: close`
    /// on every response) before it closes its listeners, so that a proxy stops sending it requests first.
    public var shutdownDelay: Duration
}

/// Which Whisper provider transcribes audio (`TRANSCRIPTION_PROVIDER`).
public enum TranscriptionProvider: String, Hashable, Sendable, CaseIterable {
    /// Groq's OpenAI-compatible API; needs `GROQ_API_KEY`.
    case groq
    /// Any OpenAI-compatible provider at `OPENAI_BASE_URL`.
    case openai
    /// The local Whisper engine at `LOCAL_WHISPER_URL`.
    case local
}
