extension UpstreamPool {
    /// The settings of one pool. Defaults are SPEC section 6's (`MAX_IDLE_CONNS` 100, `MAX_IDLE_CONNS_PER_HOST` 10,
    /// `MAX_CONNS_PER_HOST` 0, `IDLE_CONN_TIMEOUT` 90s, `REQUEST_TIMEOUT` 45s).
    public struct Configuration: Sendable {
        /// The service's name (`groq`, `openai`, `local`, `supabase`, `stripe`): in errors and metrics.
        public var name: String
        /// Connections kept open for reuse (`MAX_IDLE_CONNS` → `CURLMOPT_MAXCONNECTS`).
        public var maxIdleConnections: Int
        /// Connections open to one host at a time, busy or idle (`MAX_CONNS_PER_HOST` →
        /// `CURLMOPT_MAX_HOST_CONNECTIONS`); more requests wait for one (the wait is in `connectionWait`). 0: no limit.
        public var maxConnectionsPerHost: Int
        /// Idle connections kept per host (`MAX_IDLE_CONNS_PER_HOST`, as Go's transport reads it): a connection
        /// that falls idle while this many to the same address are idle already is closed. Busy connections are not
        /// limited by it. 0: no per-host limit beyond `maxIdleConnections`.
        public var maxIdlePerHost: Int
        /// A connection idle this long is closed (`IDLE_CONN_TIMEOUT` → `CURLOPT_MAXAGE_CONN`, whole seconds).
        public var idleTimeout: Duration
        /// Limit for a whole exchange when the request has none.
        public var requestTimeout: Duration
        /// Limit for making a connection (TCP and TLS).
        public var connectTimeout: Duration
        /// Largest response (headers and body) accepted; beyond it the transfer fails with `.responseTooLarge`.
        public var maxResponseBytes: Int
        /// Sent as `User-Agent` unless the request has its own.
        public var userAgent: String
        /// A PEM file of certificate authorities to trust instead of the system's (`CURLOPT_CAINFO`); nil: system.
        public var caBundlePath: String?

        public init(name: String, maxIdleConnections: Int = 100, maxConnectionsPerHost: Int = 0,
                    maxIdlePerHost: Int = 10,
                    idleTimeout: Duration = .seconds(90), requestTimeout: Duration = .seconds(45),
                    connectTimeout: Duration = .seconds(10), maxResponseBytes: Int = 16 << 20,
                    userAgent: String = "eloquent-server", caBundlePath: String? = nil) {
            self.name = name
            self.maxIdleConnections = maxIdleConnections
            self.maxConnectionsPerHost = maxConnectionsPerHost
            self.maxIdlePerHost = maxIdlePerHost
            self.idleTimeout = idleTimeout
            self.requestTimeout = requestTimeout
            self.connectTimeout = connectTimeout
            self.maxResponseBytes = maxResponseBytes
            self.userAgent = userAgent
            self.caBundlePath = caBundlePath
        }
    }
}

extension Duration {
    /// Whole milliseconds, at least `minimum` (libcurl reads 0 as "no limit").
    func milliseconds(atLeast minimum: Int = 1) -> Int {
        let (seconds, attoseconds) = components
        let total = seconds.multipliedReportingOverflow(by: 1000)
        guard !total.overflow else { return seconds < 0 ? minimum : Int.max / 2 }
        return max(minimum, Int(total.partialValue) + Int(attoseconds / 1_000_000_000_000_000))
    }
}

/// The services the server calls, with the request timeout SPEC section 6 gives each by default
/// (`GROQ_TIMEOUT`, `SUPABASE_TIMEOUT`, `STRIPE_TIMEOUT`, otherwise `REQUEST_TIMEOUT`).
public enum UpstreamService: String, Sendable, CaseIterable {
    case groq, openai, local, supabase, stripe

    public var defaultRequestTimeout: Duration {
        switch self {
        case .groq, .openai, .local: .seconds(45)
        case .supabase, .stripe: .seconds(30)
        }
    }
}
