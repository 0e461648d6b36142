import Basics
import SharedState
import Transcription
import WorkerPool
import Identity
import RateLimit
import HTTPServer
import HTTP1
import Upstream

/// `GET /metrics` (Prometheus text) and `GET /stats` (the same figures as JSON).
struct MetricsRoutes {
    let sources: MetricsSources

    func register(in router: inout Router) {
        let sources = sources
        router.get("/metrics") { _ in
            Response(status: 200, headers: HTTPHeaders([("Content-Type", MetricsRenderer.prometheusContentType)]),
                     body: Array(MetricsRenderer.prometheus(sources.collect()).utf8))
        }
        router.get("/stats") { _ in
            Response(status: 200, headers: HTTPHeaders([("Content-Type", "application/json; charset=utf-8")]),
                     body: MetricsRenderer.jsonBytes(sources.collect()))
        }
    }
}

/// Everything `/metrics` reports, gathered on demand from the parts that own the figures.
struct MetricsSources: Sendable {
    let state: ServerState
    let requests: RequestMetrics
    let rateLimiter: any RateLimitStore
    let verifier: TokenVerifier
    var responses: ResponseCache? = nil
    let clock: ServiceClock
    let services: Services
    /// The cache-invalidation bus (its figures are shown when it is shared through Redis).
    var invalidations: (any InvalidationBus)? = nil

    func collect() -> [MetricFamily] {
        let server = state.stats.snapshot()
        let tokens = verifier.cacheStats
        var families = requests.families()
        families += [
            .gauge("eloquent_uptime_seconds", "Seconds since the process started.", Double(clock.uptimeSeconds)),
            .gauge("eloquent_connections_open", "Open client connections.", Double(server.openConnections)),
            .counter("eloquent_connections_accepted_total", "Client connections accepted.", Double(server.acceptedConnections)),
            .counter("eloquent_connections_refused_total", "Connections closed at accept (MAX_CONNECTIONS or draining).", Double(server.refusedConnections)),
            .counter("eloquent_connections_accept_errors_total",
                     "Accepts that failed (out of file descriptors: the queued connections are closed unanswered).",
                     Double(server.acceptErrors)),
            .counter("eloquent_http_parsed_requests_total", "Request heads parsed by the HTTP layer.", Double(server.requests)),
            .counter("eloquent_http_bytes_in_total", "Bytes received from clients.", Double(server.bytesIn)),
            .counter("eloquent_http_bytes_out_total", "Bytes sent to clients.", Double(server.bytesOut)),
            .counter("eloquent_http_parse_errors_total", "Malformed requests refused by the parser.", Double(server.parseErrors)),
            .counter("eloquent_http_timeouts_total", "Connections ended by a header, body or write timeout.", Double(server.timeouts)),
            MetricFamily(name: "eloquent_connections_by_protocol_total",
                         help: "Client connections by protocol (h2: HTTP/2 by prior knowledge, upgrade or ALPN).",
                         kind: .counter, samples: [
                             .init(labels: [("protocol", "http1")], value: Double(server.acceptedConnections - server.http2Connections)),
                             .init(labels: [("protocol", "h2")], value: Double(server.http2Connections)),
                         ]),
            MetricFamily(name: "eloquent_http_requests_by_protocol_total",
                         help: "Requests handed to the handlers, by protocol.", kind: .counter, samples: [
                             .init(labels: [("protocol", "http1")], value: Double(server.requests - server.http2Upgrades)),
                             .init(labels: [("protocol", "h2")], value: Double(server.http2Requests)),
                         ]),
            .counter("eloquent_http2_clients_cut_off_total",
                     "HTTP/2 connections ended with ENHANCE_YOUR_CALM (rapid reset, CONTINUATION and other floods).",
                     Double(server.http2Abuse)),
            .gauge("process_open_fds", "Open file descriptors.", Double(OpenFiles.recentOpenCount() ?? 0)),
            .gauge("process_max_fds", "Maximum number of open file descriptors (the soft limit, raised to the hard one at start).",
                   Double(OpenFiles.softLimit() ?? 0)),
            .gauge("eloquent_draining", "1 while the server shuts down.", state.isDraining ? 1 : 0),
            .gauge("eloquent_rate_limiter_keys", "Client keys tracked by the rate limiter.", Double(rateLimiter.keyCount)),
            .counter("eloquent_rate_limit_redis_fallbacks_total",
                     "Rate-limit hits counted in process because Redis (REDIS_URL) could not be used.",
                     Double((rateLimiter as? RedisRateLimitStore)?.fallbackHits ?? 0)),
            .counter("eloquent_token_cache_hits_total", "Verified-token cache hits.", Double(tokens.hits)),
            .counter("eloquent_token_cache_misses_total", "Verified-token cache misses.", Double(tokens.misses)),
            .gauge("eloquent_token_cache_entries", "Verified tokens cached.", Double(tokens.entries)),
        ]
        if let responses {
            let cached = responses.stats
            families += [
                .counter("eloquent_response_cache_hits_total", "GET answers served from the response cache.", Double(cached.hits)),
                .counter("eloquent_response_cache_misses_total", "Cacheable GETs that ran their route.", Double(cached.misses)),
                .gauge("eloquent_response_cache_users", "Users with answers in the response cache.", Double(cached.users)),
                .gauge("eloquent_response_cache_bytes", "Bytes of answers in the response cache.", Double(cached.bytes)),
            ]
        }
        let workers = services.workers.stats
        let cache = services.cache.stats
        families += [
            .gauge("eloquent_worker_pool_workers", "Worker threads.", Double(workers.workers)),
            .gauge("eloquent_worker_pool_busy", "Workers running a job.", Double(workers.busy)),
            .gauge("eloquent_worker_pool_queued", "Jobs waiting for a worker.", Double(workers.queued)),
            .counter("eloquent_worker_pool_completed_total", "Jobs finished.", Double(workers.completed)),
            .counter("eloquent_worker_pool_failed_total", "Jobs that threw.", Double(workers.failed)),
            .counter("eloquent_worker_pool_rejected_total", "Jobs refused because the queue was full.", Double(workers.rejected)),
            .counter("eloquent_worker_pool_timed_out_total", "Jobs past JOB_TIMEOUT.", Double(workers.timedOut)),
            .gauge("eloquent_transcriptions_in_flight", "Transcriptions admitted and not finished.", Double(services.admission.current)),
            .counter("eloquent_transcriptions_refused_total", "Transcriptions refused by MAX_CONCURRENT_REQUESTS.", Double(services.admission.refusedTotal)),
            .gauge("eloquent_upload_bytes_reserved", "Upload bytes reserved against UPLOAD_MEMORY_LIMIT.", Double(services.uploadBudget.current)),
            .counter("eloquent_uploads_refused_total", "Uploads refused by UPLOAD_MEMORY_LIMIT before their body was read.", Double(services.uploadBudget.refusedTotal)),
            .gauge("eloquent_transcription_cache_entries", "Cached transcriptions.", Double(cache.entries)),
            .gauge("eloquent_transcription_cache_bytes", "Bytes held by the transcription cache.", Double(cache.bytes)),
            .counter("eloquent_transcription_cache_hits_total", "Transcription cache hits.", Double(cache.hits)),
            .counter("eloquent_transcription_cache_misses_total", "Transcription cache misses.", Double(cache.misses)),
        ]
        families += UpstreamMetrics.families(services.pools.map { $0.stats() })
        if let bus = invalidations as? RedisInvalidationBus {
            families += Self.invalidationFamilies(bus.stats)
        }
        return families
    }

    /// The Redis invalidation bus' figures (REDIS_URL, SPEC section 10).
    static func invalidationFamilies(_ bus: RedisInvalidationBus.Stats) -> [MetricFamily] {
        [
            .counter("eloquent_invalidations_published_total", "Cache invalidations sent to the other instances through Redis.",
                     Double(bus.published)),
            .counter("eloquent_invalidations_publish_failures_total",
                     "Cache invalidations that could not be sent to Redis (they reached this instance only).",
                     Double(bus.publishFailures)),
            .counter("eloquent_invalidations_received_total", "Cache invalidations received from other instances.",
                     Double(bus.received)),
            .counter("eloquent_invalidations_malformed_total", "Messages on the invalidation channel that were not an event, ignored.",
                     Double(bus.malformed)),
            .counter("eloquent_invalidations_resubscriptions_total",
                     "Times the Redis subscription came back after a loss (every cache was dropped).",
                     Double(bus.resubscriptions)),
            .gauge("eloquent_invalidations_subscribed", "1 while the Redis invalidation subscription is up.",
                   bus.subscribed ? 1 : 0),
        ]
    }
}
