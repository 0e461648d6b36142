import Basics
import RateLimit
import HTTPServer
import HTTP1

/// Sliding-window rate limit per client IP (`RATE_LIMIT_REQUESTS` per `RATE_LIMIT_WINDOW`), IPv6 clients per /64.
/// The client IP comes from `X-Forwarded-For`/`X-Real-IP` only when the peer is a trusted proxy (right-most untrusted
/// address).
/// Every limited response carries `X-RateLimit-Limit`, `-Remaining` (decimal) and `-Reset` (seconds); a refused one
/// is `429 {"error":…,"retryAfter":s}` with `Retry-After`. Operations routes are exempt.
struct RateLimitMiddleware: Middleware {
    static let exemptPaths: Set<String> = ["/health", "/ready", "/metrics"]

    let store: any RateLimitStore
    let limit: Int
    let windowMs: Int64
    let trustedProxies: [CIDR]

    func handle(_ request: Request, next: any Responder) async throws -> Response {
        if Self.exemptPaths.contains(request.path) { return try await next.respond(to: request) }
        let client = ClientIP.limitKey(clientIP(for: request))
        let decision = await store.hit(key: client, now: Self.nowMs(), limit: limit, window: windowMs)
        var response: Response
        if decision.allowed {
            do {
                response = try await next.respond(to: request)
            } catch {
                // A refusal thrown further in (400, a chunked body's 413, …) still tells the client its budget.
                guard let known = ErrorResponse.knownResponse(for: error, path: request.path) else { throw error }
                response = known
            }
        } else {
            response = ErrorStyle.of(path: request.path).response(
                "Too many requests, please try again later.", status: 429,
                extra: [("retryAfter", String(decision.retryAfterSeconds))])
            response.headers.set("Retry-After", String(decision.retryAfterSeconds))
        }
        response.headers.set("X-RateLimit-Limit", String(decision.limit))
        response.headers.set("X-RateLimit-Remaining", String(decision.remaining))
        response.headers.set("X-RateLimit-Reset", String(decision.resetSeconds))
        return response
    }

    func clientIP(for request: Request) -> String {
        ClientAddress.of(request, trustedProxies: trustedProxies)
    }

    static func nowMs() -> Int64 { SystemClock.monotonicMillis() }
}
