import Basics
import HTTPServer
import HTTP1
import Synchronization

/// `/health`, `/ready` and the `/` status page (SPEC section 5).
struct OperationsRoutes {
    let state: ServerState
    let clock: ServiceClock
    let readiness: Readiness

    func register(in router: inout Router) {
        let state = state
        let clock = clock
        router.get("/health") { _ in
            // Liveness: no dependency is touched; the timestamp is the real current time.
            .json("{\"status\":\"ok\",\"timestamp\":\"\(ServiceClock.nowRFC3339())\",\"uptime_s\":\(clock.uptimeSeconds)}")
        }
        let readiness = readiness
        router.get("/ready") { _ in
            let report = await readiness.check(draining: state.isDraining)
            var response = Response.json(report.json, status: report.ready ? 200 : 503)
            if !report.ready { response.headers.add("Retry-After", "5") }
            return response
        }
        router.get("/") { _ in
            .html(StatusPage.render(uptimeSeconds: clock.uptimeSeconds))
        }
    }
}

/// `/ready` (SPEC section 5): 503 while draining or while the store cannot be used; the body names each dependency's
/// state. Redis and the provider are shared by every instance, so their state is reported but never makes this
/// instance unready. The provider is probed at most once per `providerProbeInterval` (the answer in between is the
/// last one), so probes from a load balancer never turn into provider traffic.
final class Readiness: Sendable {
    struct Report {
        var ready: Bool
        var status: String
        var store: String
        var redis: String
        var provider: String
        var json: String {
            "{\"status\":\(JSON.quote(status)),\"store\":\(JSON.quote(store)),\"redis\":\(JSON.quote(redis)),"
                + "\"provider\":\(JSON.quote(provider))}"
        }
    }

    static let providerProbeInterval: UInt64 = 15_000_000_000
    /// True when the store answers a read.
    let storeCheck: @Sendable () async -> Bool
    /// The provider's state (`ok`, `unauthorized`, `failing`, `unreachable`).
    let providerProbe: @Sendable () async -> String
    /// `disabled` without `REDIS_URL`, else `ok` or `unavailable`.
    let redis: @Sendable () async -> String
    private let lastProvider = Mutex<(state: String, at: UInt64)?>(nil)

    init(redis: @escaping @Sendable () async -> String, storeCheck: @escaping @Sendable () async -> Bool, providerProbe: @escaping @Sendable () async -> String) {
        self.redis = redis
        self.storeCheck = storeCheck
        self.providerProbe = providerProbe
    }

    func check(draining: Bool) async -> Report {
        let storeOK = await storeCheck()
        let provider = await providerState()
        let ready = storeOK && !draining
        return Report(ready: ready, status: draining ? "draining" : storeOK ? "ready" : "unavailable",
                      store: storeOK ? "ok" : "unavailable", redis: await redis(), provider: provider)
    }

    private func providerState() async -> String {
        let now = SystemClock.monotonicNanos()
        if let last = lastProvider.withLock({ $0 }), now &- last.at < Self.providerProbeInterval { return last.state }
        let state = await providerProbe()
        lastProvider.withLock { $0 = (state, SystemClock.monotonicNanos()) }
        return state
    }
}

/// The small HTML page at `/`: service name, version, uptime, links.
enum StatusPage {
    static func render(uptimeSeconds: Int) -> String {
        let uptime = "\(uptimeSeconds / 86_400)d \(uptimeSeconds % 86_400 / 3600)h \(uptimeSeconds % 3600 / 60)m \(uptimeSeconds % 60)s"
        return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>\(EloquentVersion.serviceName)</title>
        <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222}
        code{background:#f3f3f3;padding:.1rem .3rem;border-radius:.2rem}</style></head>
        <body><h1>\(EloquentVersion.serviceName)</h1>
        <p>Status: <strong>online</strong> · version <code>\(EloquentVersion.current)</code> · uptime \(uptime)</p>
        <ul><li><a href="/health">/health</a> liveness</li><li><a href="/ready">/ready</a> readiness</li>
        <li><a href="/metrics">/metrics</a> Prometheus figures, <a href="/stats">/stats</a> the same as JSON</li></ul>
        <p>APIs (bearer token required): <code>/api/auth/*</code>, <code>/api/transcribe/audio</code>, <code>/api/usage/*</code>,
        <code>/api/subscriptions/*</code>, <code>/api/keys</code>, <code>/api/admin/*</code>, and the OpenAI-compatible
        <code>/v1/audio/transcriptions</code>, <code>/v1/audio/translations</code>, <code>/v1/chat/completions</code> and
        <code>/v1/models</code>. OAuth hand-off: <code>/auth/success</code>, <code>/api/auth/callback</code>. Stripe webhooks: <code>/api/webhooks/stripe</code>.</p>
        </body></html>
        """
    }
}
