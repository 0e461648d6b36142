import Accounts
import Basics
import Billing
import Identity
import RateLimit
import SharedState
public import HTTPServer
public import Logging
import Storage
import Transcription
import UVCore
import Glibc
import Synchronization

/// Wires the configuration, the middleware stack, the routes and the HTTP server together, and runs the server's life.
public struct Application: Sendable {
    public let config: Config
    public let state: ServerState
    public let clock: ServiceClock
    public let logger: Logger
    let metrics = RequestMetrics()
    let rateLimiter: any RateLimitStore
    /// The Redis connection with `REDIS_URL` (SPEC section 10): the shared rate limit.
    let redis: RedisClient?
    /// Where writes announce what they changed and every cache (user rows, sessions, responses) drops its copy.
    let invalidations: any InvalidationBus
    /// `RESPONSE_CACHE_TTL`: users' `GET` answers, dropped by the writes that change them.
    let responseCache: ResponseCache
    let verifier: TokenVerifier
    let services: Services
    let store: any Store
    /// The store behind the user cache: SQLite in `DATA_DIR`, or PostgreSQL with `DATABASE_URL` (SPEC section 10).
    let backing: any Store
    /// What `/ready` asks of the store: a read on SQLite, `ping()` on PostgreSQL.
    let storeCheck: @Sendable () async -> Bool
    let billing: BillingService?
    /// Logout revocations, deletion tombstones and API keys (in memory for now: see the README).
    let sessions: SessionGuard

    /// Opens the store (running its migrations) and starts the services behind the routes.
    public init(config: Config, logger: Logger, state: ServerState = ServerState(), clock: ServiceClock = ServiceClock()) async throws {
        self.config = config
        self.logger = logger
        self.state = state
        self.clock = clock
        let redisClient: RedisClient?
        if let url = config.redisURL {
            guard let endpoint = RedisEndpoint(url: url.value) else { throw ApplicationSetupError.unusableRedisURL }
            redisClient = try RedisClient(endpoint: endpoint)
        } else {
            redisClient = nil
        }
        redis = redisClient
        invalidations = InvalidationSetup.bus(config: config, redis: redisClient, logger: logger)
        let responseCache = ResponseCache(ttl: config.responseCacheTTL)
        self.responseCache = responseCache
        invalidations.subscribe { event in responseCache.apply(event) }
        rateLimiter = redisClient.map { RedisRateLimitStore(redis: $0, logger: logger) } ?? InMemoryRateLimitStore()
        let opened: (store: any Store, check: @Sendable () async -> Bool)
        do {
            opened = try await Self.openStore(config)
        } catch {
            redisClient?.close()
            throw error
        }
        (backing, storeCheck) = opened
        store = CachedStore(opened.store, ttl: config.userCacheTTL, bus: invalidations)
        do {
            services = try Services(config: config, logger: logger)
            verifier = try IdentitySetup.verifier(for: config, services: services)
        } catch {
            // Nothing started is left running when the application cannot be built.
            redisClient?.close()
            try? await opened.store.close()
            throw error
        }
        sessions = SessionGuard(store: store, logger: logger)
        invalidations.subscribe { [verifier] event in verifier.apply(event) }
        billing = services.stripePool.flatMap { [store, logger] pool in
            config.billing.map { BillingService(config: $0, store: store, pool: pool, logger: logger) }
        }
    }

    /// Stops what the application started besides the HTTP server (worker pool, upstream loop, store). Returns true
    /// when everything closed cleanly.
    public func shutdown() async -> Bool {
        await sessions.flushKeyUse()
        let servicesClean = await services.shutdown()
        redis?.close()
        do {
            try await backing.close()
            return servicesClean
        } catch {
            logger.error("closing the store failed", metadata: ["error": "\(error)"])
            return false
        }
    }

    /// The global middleware, outermost first (SPEC and issue 3 order). `AuthMiddleware` is added per route.
    func globalMiddleware() -> [any Middleware] {
        outerMiddleware() + [
            compression,
            RequestSizeLimitMiddleware(maxBytes: config.maxBodyBytes),
            RateLimitMiddleware(store: rateLimiter, limit: config.rateLimitRequests,
                                windowMs: config.rateLimitWindow.clampedMilliseconds,
                                trustedProxies: config.trustedProxies),
        ]
    }

    var compression: CompressionMiddleware {
        CompressionMiddleware(level: config.gzipLevel, minBytes: config.gzipMinBytes, metrics: metrics, logger: logger)
    }

    /// The outer part of the stack, which also answers what the HTTP server refuses before the routes (through
    /// `AppErrorRenderer`): recovery, CORS, request id, timing, metrics and logs.
    func outerMiddleware() -> [any Middleware] {
        [
            RecoveryMiddleware(logger: logger),
            CORSMiddleware(origins: config.corsOrigins, logger: logger),
            PerformanceMonitorMiddleware(metrics: metrics, slowThreshold: config.slowRequestThreshold, logger: logger,
                                         trustedProxies: config.trustedProxies),
        ]
    }

    /// Every route of the service.
    public func makeRouter() -> Router {
        var router = Router(unmatched: ErrorResponse.unmatched)
        let auth = AuthMiddleware(verifier: verifier, sessions: sessions)
        let deletion = AccountDeletion(store: store, sessions: sessions, verifier: verifier, supabase: services.supabaseAdmin,
                                       billing: billing, logger: logger)
        OperationsRoutes(state: state, clock: clock, readiness: makeReadiness()).register(in: &router)
        AuthHandOffRoutes().register(in: &router)
        MetricsRoutes(sources: MetricsSources(state: state, requests: metrics, rateLimiter: rateLimiter,
                                              verifier: verifier, responses: responseCache, clock: clock,
                                              services: services, invalidations: invalidations)).register(in: &router)
        let metering = Metering(store: store, logger: logger)
        TranscribeRoutes(auth: auth, pipeline: services.pipeline, metering: metering, sessions: sessions).register(in: &router)
        let cached = ResponseCacheMiddleware(cache: responseCache, compression: compression)
        OpenAIRoutes(auth: auth, pipeline: services.pipeline, metering: metering, sessions: sessions, cached: cached).register(in: &router)
        GatewayChatRoutes(auth: auth, store: store, provider: services.provider).register(in: &router)
        AccountRoutes(auth: auth, verifier: verifier, store: store, sessions: sessions, deletion: deletion).register(in: &router)
        APIKeyRoutes(auth: auth, store: store, sessions: sessions).register(in: &router)
        UsageRoutes(auth: auth, store: store, cached: cached).register(in: &router)
        AdminRoutes(auth: auth, store: store, config: config, deletion: deletion).register(in: &router)
        BillingRoutes(auth: auth, store: store, billing: billing, cached: cached).register(in: &router)
        return router
    }

    /// Opens the store the configuration names (running its migrations): PostgreSQL with `DATABASE_URL`, else SQLite
    /// in `DATA_DIR`; with the check `/ready` makes on it.
    static func openStore(_ config: Config) async throws -> (store: any Store, check: @Sendable () async -> Bool) {
        if let url = config.databaseURL {
            let postgres = try await PostgresStore.open(url: url.value)
            return (postgres, { (try? await postgres.ping()) != nil })
        }
        let sqlite = try await SQLiteStore.open(directory: config.dataDir)
        return (sqlite, { (try? await sqlite.schemaVersion()) != nil })
    }

    /// What `/ready` checks: the store (a read, or `ping()` on PostgreSQL), Redis (`PING`, reported only), the
    /// provider's probe.
    func makeReadiness() -> Readiness {
        let provider = services.provider
        let redis = redis
        return Readiness(redis: {
            guard let redis else { return "disabled" }
            return (try? await redis.command(["PING"])) == .status("PONG") ? "ok" : "unavailable"
        }, storeCheck: storeCheck, providerProbe: { await provider.probe() })
    }

    /// The responder: the routes wrapped in the middleware stack.
    public func makeResponder() -> any Responder {
        buildStack(globalMiddleware(), around: makeRouter())
    }

    /// The HTTP server for this application: its responder, its error shapes, its state (`ServerConfiguration(config)`
    /// unless given).
    public func makeServer(configuration: ServerConfiguration? = nil) -> HTTPServer {
        HTTPServer(configuration: configuration ?? ServerConfiguration(config), responder: makeResponder(),
                   errorRenderer: AppErrorRenderer(outer: outerMiddleware()), logger: logger, state: state)
    }

    /// Serves until SIGTERM/SIGINT, then drains. Returns the process exit code.
    public func serve() -> Int32 {
        // Upload buffers stay in the heap for the next upload; `HeapTrimmer` and the sweep below give them back.
        if !ProcessMemory.keepLargeBuffersInHeap() { logger.warning("mallopt refused the heap settings; glibc defaults stay") }
        let server = makeServer()
        do {
            let port = try server.start()
            try server.handleSignals()
            logger.info("listening", metadata: [
                "host": "\(config.host)", "port": "\(port)", "event_loops": "\(config.eventLoops)",
                "version": "\(EloquentVersion.current)",
            ])
        } catch ServerStartError.portInUse(let host, let port) {
            logger.critical("""
                could not start: another process already listens on \(host):\(port); stop it, choose another PORT, \
                or set REUSE_PORT=true on both processes for a hand-over restart
                """)
            return 1
        } catch {
            logger.critical("could not start", metadata: ["error": "\(error)"])
            return 1
        }
        // Expired rate-limit keys are also dropped as clients come back; this sweep frees the ones that never do.
        // It also hands freed heap back to the kernel (unless uploads are in flight or just ended: `HeapTrimmer`).
        // API keys' `last_used_at` is written here in one batch, not once per request.
        let limiter = rateLimiter
        let sessions = sessions
        let trimmer = services.trimmer
        let sweeper = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(30))
                limiter.sweep(now: RateLimitMiddleware.nowMs())
                await sessions.flushKeyUse()
                trimmer.sweep()
            }
        }
        let httpClean = server.waitUntilStopped()
        sweeper.cancel()
        let servicesClean = (try? runBlocking { await shutdown() }) ?? false
        logger.info("stopped", metadata: ["clean": "\(httpClean && servicesClean)"])
        return httpClean && servicesClean ? 0 : 1
    }
}

extension Application {
    /// Builds the application from a synchronous context (the command line's main thread). First, before anything
    /// opens a file, the soft open-file limit goes up to the hard one (`OpenFiles`); a limit too low to run on is
    /// refused here, with its reason, rather than met halfway through startup (libuv aborts the process when its first
    /// loop cannot get a pipe).
    public static func makeBlocking(config: Config, logger: Logger) throws -> Application {
        if let limit = OpenFiles.raiseSoftLimit(), limit.soft < OpenFiles.minimum {
            throw ApplicationSetupError.openFileLimitTooLow(limit.soft)
        }
        return try runBlocking { try await Application(config: config, logger: logger) }
    }
}

/// Settings the configuration accepts but this build cannot honour: startup refuses them (no silent settings).
public enum ApplicationSetupError: Error, CustomStringConvertible {
    case unusableRedisURL
    case openFileLimitTooLow(UInt64)

    public var description: String {
        switch self {
        case .openFileLimitTooLow(let limit):
            "the open-file limit (\(limit), also the hard one) is below the \(OpenFiles.minimum) descriptors the server needs to run (EMFILE): raise it (ulimit -n, LimitNOFILE=)"
        case .unusableRedisURL:
            "REDIS_URL: this build speaks plain redis://[:password@]host[:port][/db] only (hiredis here has no TLS for rediss://)"
        }
    }
}

/// When the service started, for uptime figures.
public struct ServiceClock: Sendable {
    public let startedMonotonicNanos: UInt64

    public init() { startedMonotonicNanos = SystemClock.monotonicNanos() }

    public var uptimeSeconds: Int { Int((SystemClock.monotonicNanos() - startedMonotonicNanos) / 1_000_000_000) }

    /// The current wall-clock time as RFC 3339 UTC with milliseconds.
    /// The text is formatted once per millisecond: a request asks twice (`/health`'s body and `X-Server-Time`),
    /// and a busy server answers many requests within one millisecond.
    public static func nowRFC3339() -> String {
        let now = SystemClock.wallClock()
        let millisecond = now.seconds &* 1000 &+ now.nanoseconds / 1_000_000
        if let text = lastRFC3339.withLock({ $0.millisecond == millisecond ? $0.text : nil }) { return text }
        let text = LogTimestamp(seconds: Int64(now.seconds), nanoseconds: now.nanoseconds).formatted
        lastRFC3339.withLock { $0 = (millisecond, text) }
        return text
    }

    private static let lastRFC3339 = Mutex<(millisecond: Int, text: String)>((-1, ""))
}

/// The server's version, shown by `eloquent-server version`, `/` and `/health`.
public enum EloquentVersion {
    public static let current = "0.1.0"
    public static let serviceName = "Eloquent Server"
}

extension ServerConfiguration {
    /// The HTTP server's settings taken from the validated application configuration.
    public init(_ config: Config) {
        self.init()
        host = config.host
        port = config.port
        eventLoops = config.eventLoops
        headerTimeout = config.headerTimeout
        readTimeout = config.readTimeout
        writeTimeout = config.writeTimeout
        idleTimeout = config.idleTimeout
        maxHeaderBytes = config.maxHeaderBytes
        maxBodyBytes = config.maxBodyBytes
        maxConnections = config.maxConnections
        shutdownTimeout = config.shutdownTimeout
        shutdownDelay = config.shutdownDelay
        http2MaxConcurrentStreams = config.http2MaxConcurrentStreams
        tlsCertificateFile = config.tlsCertFile
        tlsKeyFile = config.tlsKeyFile
        reusePort = config.reusePort
    }
}
