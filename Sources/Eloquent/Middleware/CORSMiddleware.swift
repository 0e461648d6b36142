import Basics
import HTTPServer
import HTTP1
import Logging

/// CORS per `CORS_ORIGINS`. Preflights (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) are answered
/// here with 204 and nothing further runs. With `*`: `Access-Control-Allow-Origin: *` and never credentials. With a
/// list: a listed origin is echoed with credentials allowed and `Vary: Origin`; any other origin gets no CORS headers.
struct CORSMiddleware: Middleware {
    let origins: CORSOrigins
    let logger: Logger

    static let allowMethods = "GET, POST, PUT, DELETE, OPTIONS"
    static let allowHeaders = "Authorization, Content-Type, Origin, X-Request-ID"
    static let exposeHeaders = "Content-Length, X-Request-ID, X-Response-Time, X-Server-Time, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After"
    static let maxAge = "43200"

    func handle(_ request: Request, next: any Responder) async throws -> Response {
        let origin = request.headers["Origin"]
        if request.method == "OPTIONS", let origin, request.headers.contains("Access-Control-Request-Method") {
            var response = Response(status: 204)
            if apply(origin: origin, to: &response.headers) {
                response.headers.add("Access-Control-Allow-Methods", Self.allowMethods)
                response.headers.add("Access-Control-Allow-Headers", Self.allowHeaders)
                response.headers.add("Access-Control-Max-Age", Self.maxAge)
            }
            return response
        }
        var response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            response = ErrorResponse.response(for: error, request: request, logger: logger)
        }
        if let origin, apply(origin: origin, to: &response.headers) {
            response.headers.add("Access-Control-Expose-Headers", Self.exposeHeaders)
        }
        return response
    }

    /// Adds the origin headers; false when the origin is not allowed (then nothing is added).
    private func apply(origin: String, to headers: inout HTTPHeaders) -> Bool {
        switch origins {
        case .any:
            headers.add("Access-Control-Allow-Origin", "*")
            return true
        case .list:
            headers.add("Vary", "Origin")
            guard origins.allows(origin) else { return false }
            headers.add("Access-Control-Allow-Origin", origin)
            headers.add("Access-Control-Allow-Credentials", "true")
            return true
        }
    }
}
