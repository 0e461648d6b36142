import Basics
import RateLimit
import HTTPServer
import HTTP1
import Logging

/// Times every request and labels it: `X-Request-ID` (the client's sane value, else generated), `X-Response-Time`
/// and `X-Server-Time` (set on the response before its head is written, so they reach the client), slow-request
/// and error-status log lines, and the per-route counters and latency histograms behind `/metrics`.
struct PerformanceMonitorMiddleware: Middleware {
    let metrics: RequestMetrics
    let slowThreshold: Duration
    let logger: Logger
    /// For the client address in the logs (the resolved one, not a proxy's).
    var trustedProxies: [CIDR] = []

    func handle(_ request: Request, next: any Responder) async throws -> Response {
        var request = request
        let requestID = RequestID.sanitize(request.headers["X-Request-ID"]) ?? RequestID.generate()
        let match = RouteMatch()
        request.attributes[RequestIDKey.self] = requestID
        request.attributes[RouteMatch.self] = match
        request.attributes[ClientAddressKey.self] = ClientAddress.resolve(request, trustedProxies: trustedProxies)
        var response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            response = ErrorResponse.response(for: error, request: request, logger: logger)
        }
        let elapsedNanos = SystemClock.monotonicNanos() &- request.receivedAt
        let seconds = Double(elapsedNanos) / 1e9
        response.headers.set("X-Request-ID", requestID)
        response.headers.set("X-Response-Time", Self.formatMilliseconds(elapsedNanos))
        response.headers.set("X-Server-Time", ServiceClock.nowRFC3339())
        let route = match.pattern ?? "unmatched"
        metrics.record(route: route, method: request.method, status: response.status, seconds: seconds)
        if elapsedNanos >= slowThreshold.clampedNanoseconds {
            logger.warning("slow request", metadata: log(request, response, requestID, route, seconds))
        }
        if response.status >= 500 {
            logger.error("error response", metadata: log(request, response, requestID, route, seconds))
        } else if response.status >= 400 {
            logger.info("client error response", metadata: log(request, response, requestID, route, seconds))
        }
        return response
    }

    private func log(_ request: Request, _ response: Response, _ id: String, _ route: String, _ seconds: Double) -> Logger.Metadata {
        ["method": "\(request.method)", "path": "\(request.path)", "route": "\(route)", "status": "\(response.status)",
         "duration_ms": "\(Self.formatMilliseconds(UInt64(seconds * 1e9)).dropLast(2))", "request_id": "\(id)",
         "client": "\(request.attributes[ClientAddressKey.self] ?? request.peerAddress)", "peer": "\(request.peerAddress)"]
    }

    /// `12.345ms`
    static func formatMilliseconds(_ nanos: UInt64) -> String {
        let micros = nanos / 1000
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        let whole = micros / 1000
        var divisor: UInt64 = 1
        while whole / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(whole / divisor % 10))
            divisor /= 10
        }
        let fraction = micros % 1000
        bytes.append(UInt8(ascii: "."))
        bytes.append(UInt8(ascii: "0") + UInt8(fraction / 100))
        bytes.append(UInt8(ascii: "0") + UInt8(fraction / 10 % 10))
        bytes.append(UInt8(ascii: "0") + UInt8(fraction % 10))
        bytes.append(UInt8(ascii: "m"))
        bytes.append(UInt8(ascii: "s"))
        return String(decoding: bytes, as: UTF8.self)
    }
}
