import HTTPServer
import Logging

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
