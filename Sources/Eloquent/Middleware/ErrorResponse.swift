import Storage
import Accounts
import Basics
import Billing
import HTTPServer
import HTTP1
import Logging
import Transcription

// The one place where errors become responses: domain errors (transcription, metering, billing), the server's own
// `HTTPError`s (through `AppErrorRenderer`, also for what the connection decides before a handler runs), unmatched
// routes, and anything else (a logged 500). The body's shape follows the route (`ErrorStyle`).

/// The two error shapes the server speaks: the desktop API's `{"error": "…", …}` and, under `/v1/` and
/// `/openai/v1/`, OpenAI's `{"error": {"message", "type", "code"}}`, so that OpenAI and Groq SDKs understand them.
enum ErrorStyle {
    case desktop
    case openAI

    static func of(path: String) -> ErrorStyle {
        path.hasPrefix("/v1/") || path.hasPrefix("/openai/v1/") || path == "/v1" || path == "/openai/v1" ? .openAI : .desktop
    }

    /// An error response in this style. `extra` members (already JSON-encoded) go next to `error` for the desktop
    /// shape; the OpenAI shape has no room for them.
    func response(_ message: String, status: Int, extra: [(String, String)] = [], code: String? = nil) -> Response {
        switch self {
        case .desktop:
            return .error(message, status: status, extra: extra)
        case .openAI:
            let codeJSON = (code ?? Self.defaultCode(status)).map(JSON.quote) ?? "null"
            return .json("{\"error\":{\"message\":\(JSON.quote(message)),\"type\":\(JSON.quote(Self.type(status))),\"param\":null,\"code\":\(codeJSON)}}", status: status)
        }
    }

    static func type(_ status: Int) -> String {
        switch status {
        case 401: "authentication_error"
        case 403: "permission_error"
        case 404: "not_found_error"
        case 429: "rate_limit_error"
        case 500...: "server_error"
        default: "invalid_request_error"
        }
    }

    static func defaultCode(_ status: Int) -> String? {
        switch status {
        case 401: "invalid_api_key"
        case 413: "request_too_large"
        case 429: "rate_limit_exceeded"
        default: nil
        }
    }
}

extension Response {
    /// The desktop shape: `{"error": message}` plus extra members (already JSON-encoded values).
    static func error(_ message: String, status: Int, extra: [(String, String)] = []) -> Response {
        var text = "{\"error\":" + JSON.quote(message)
        for (key, value) in extra { text += "," + JSON.quote(key) + ":" + value }
        return .json(text + "}", status: status)
    }
}

/// Turns an error into the response a client gets: a known error answers with its own status; anything else is
/// logged and becomes a 500.
enum ErrorResponse {
    static func response(for error: any Error, request: Request, logger: Logger) -> Response {
        let style = ErrorStyle.of(path: request.path)
        if let known = knownResponse(for: error, path: request.path) { return known }
        if error is CancellationError {
            // The client went away (its task was cancelled): nobody reads this response. 499 keeps these out of the
            // 5xx figures and the error log (nginx's "client closed request").
            logger.debug("request cancelled", metadata: ["path": "\(request.path)"])
            return style.response("Client closed request", status: 499)
        }
        logger.error("handler failed", metadata: [
            "error": "\(error)", "method": "\(request.method)", "path": "\(request.path)",
            "request_id": "\(request.attributes[RequestIDKey.self] ?? "-")",
            "client": "\(request.attributes[ClientAddressKey.self] ?? request.peerAddress)",
        ])
        return style.response("Internal server error", status: 500)
    }

    /// The response of an error that carries its own status (in the path's error style), or nil for any other error.
    static func knownResponse(for error: any Error, path: String) -> Response? {
        let style = ErrorStyle.of(path: path)
        switch error {
        case let failure as TranscriptionFailure:
            var extra: [(String, String)] = []
            if let details = failure.details { extra.append(("details", JSON.quote(details))) }
            if let retryAfter = failure.retryAfter { extra.append(("retryAfter", String(retryAfter))) }
            var response = style.response(failure.message, status: failure.status, extra: extra, code: failure.code)
            if let retryAfter = failure.retryAfter { response.headers.set("Retry-After", String(retryAfter)) }
            return response
        case let refusal as UsageRefusal:
            return render(httpError(refusal), style: style)
        case let billing as BillingError:
            return .error(billing.message, status: billing.status)
        case let storage as StorageError where storage.isUnavailable:
            // PostgreSQL cannot be reached: the store heals by itself when it returns (SPEC section 10).
            var response = style.response("Service temporarily unavailable", status: 503,
                                          extra: [("retryAfter", String(storeRetryAfterSeconds))])
            response.headers.set("Retry-After", String(storeRetryAfterSeconds))
            return response
        case let known as HTTPError:
            return render(known, style: style)
        case let known as any HTTPResponseError:
            return known.response()
        default:
            return nil
        }
    }

    /// `Retry-After` while the database is unreachable: about one reconnection attempt away.
    static let storeRetryAfterSeconds = 5

    static func render(_ error: HTTPError, style: ErrorStyle) -> Response {
        var response = style.response(error.message, status: error.status, extra: error.extra.map { ($0.name, $0.value) })
        for header in error.headers { response.headers.add(header.name, header.value) }
        return response
    }

    /// Metering's refusals: 403 with the figures the desktop client shows (SPEC section 3).
    static func httpError(_ refusal: UsageRefusal) -> HTTPError {
        switch refusal {
        case .limitReached(let figures):
            return HTTPError(403, "Usage limit reached", extra: [
                .init("currentUsage", String(figures.current_month)), .init("limit", String(figures.limit)),
                .init("upgradeUrl", JSON.quote("/upgrade")),
            ])
        case .featureNotInPlan(let feature, let plan):
            let plans = Plan.allCases.filter { PlanCatalog.allows($0, feature) }.map(\.rawValue)
            return HTTPError(403, "\(featureName(feature)) requires the \(listed(plans)) plan", extra: [
                .init("currentPlan", JSON.quote(plan.rawValue)), .init("requiredFeature", JSON.quote(feature.rawValue)),
                .init("plans", "[" + plans.map(JSON.quote).joined(separator: ",") + "]"),
                .init("upgradeUrl", JSON.quote("/upgrade")),
            ])
        }
    }

    static func featureName(_ feature: PlanFeature) -> String {
        switch feature {
        case .aiRewrite: "AI rewrite"
        case .apiAccess: "API access"
        case .basicTranscription: "Transcription"
        case .customShortcuts: "Custom shortcuts"
        case .prioritySupport: "Priority support"
        }
    }

    /// `a`, `a or b`, `a, b or c`.
    static func listed(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " or " + items[items.count - 1]
    }

    /// What the usage history says about a failed transcription, or nil when it must leave no record: only failures
    /// met once the provider was called are recorded (validation, plan, limit and busy refusals are not), and the
    /// reason is the short message a client sees with its status, never an internal dump.
    static func usageFailureReason(for error: any Error) -> String? {
        guard let failure = error as? TranscriptionFailure, failure.reachedProvider else { return nil }
        let message = failure.message.count > 200 ? String(failure.message.prefix(200)) + "…" : failure.message
        return "\(message) (\(failure.status))"
    }

    /// Unknown paths and methods: the original API's JSON 404 under `/api`, and 404/405 in the route's style elsewhere.
    @Sendable static func unmatched(_ request: Request, _ miss: Router.Miss) -> Response {
        let style = ErrorStyle.of(path: request.path)
        switch miss {
        case .methodNotAllowed:
            return style.response("Method not allowed", status: 405)
        case .notFound:
            let message = request.path == "/api" || request.path.hasPrefix("/api/") ? "API endpoint not found" : "Not found"
            return style.response(message, status: 404, extra: [("path", JSON.quote(request.path))])
        }
    }
}

/// What the HTTP server decides before or around a handler (bad requests, heads too large or too slow, bodies
/// declared too large) in the app's shapes. With `outer` middleware (the application's recovery, CORS and
/// performance monitor), a refusal runs through them like any request, so it carries the same headers
/// (`X-Request-ID`, timing, CORS) and is counted and logged the same way.
struct AppErrorRenderer: ErrorRenderer {
    private let stack: (any Responder)?

    init(outer: [any Middleware] = []) {
        stack = outer.isEmpty ? nil : buildStack(outer, around: ClosureResponder { request in
            throw request.attributes[ServerRefusalKey.self] ?? HTTPError(500, "Internal server error")
        })
    }

    func response(for error: HTTPError, path: String?) -> Response {
        ErrorResponse.render(error, style: path.map(ErrorStyle.of) ?? .desktop)
    }

    func respond(to error: HTTPError, request: Request) async -> Response {
        guard let stack else { return response(for: error, path: request.path) }
        var request = request
        request.attributes[ServerRefusalKey.self] = error
        // A refused request is never a CORS preflight: it gets its error, with the CORS headers of any response.
        request.headers.remove("Access-Control-Request-Method")
        do {
            return try await stack.respond(to: request)
        } catch {
            return response(for: request.attributes[ServerRefusalKey.self] ?? HTTPError(500, "Internal server error"), path: request.path)
        }
    }
}

/// The error the server decided for a request that never reached the routes.
enum ServerRefusalKey: RequestAttributeKey {
    typealias Value = HTTPError
}

/// A check that must hold inside a handler. Unlike `precondition`, a failure is thrown (and becomes a logged 500)
/// instead of stopping the process — Swift cannot recover from a trap.
public struct HandlerPreconditionFailure: Error, CustomStringConvertible {
    public let description: String
}

public func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw HandlerPreconditionFailure(description: message()) }
}

/// Outermost layer: whatever an inner layer or handler throws becomes a logged 500 (or the error's own response);
/// the connection and the loop carry on.
struct RecoveryMiddleware: Middleware {
    let logger: Logger

    func handle(_ request: Request, next: any Responder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return ErrorResponse.response(for: error, request: request, logger: logger)
        }
    }
}
