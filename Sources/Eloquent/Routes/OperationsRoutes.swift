import HTTPServer
import HTTP1

/// `/health`, `/ready` and the `/` status page (SPEC section 5).
struct OperationsRoutes {
    let state: ServerState
    let clock: ServiceClock

    func register(in router: inout Router) {
        let state = state
        let clock = clock
        router.get("/health") { _ in
            // Liveness: no dependency is touched; the timestamp is the real current time.
            .json("{\"status\":\"ok\",\"timestamp\":\"\(ServiceClock.nowRFC3339())\",\"uptime_s\":\(clock.uptimeSeconds)}")
        }
        router.get("/ready") { _ in
            if state.isDraining {
                var response = Response.json("{\"status\":\"draining\"}", status: 503)
                response.headers.add("Retry-After", "5")
                return response
            }
            return .json("{\"status\":\"ready\"}")
        }
        router.get("/") { _ in
            .html(StatusPage.render(uptimeSeconds: clock.uptimeSeconds))
        }
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
        <code>/api/subscriptions/*</code>, <code>/api/admin/*</code>, and the OpenAI-compatible
        <code>/v1/audio/transcriptions</code> and <code>/v1/models</code>. Stripe webhooks: <code>/api/webhooks/stripe</code>.</p>
        </body></html>
        """
    }
}
