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
