import HTTPServer
import Logging
import HTTP1

/// Turns an error into the response a client gets: an `HTTPResponseError` answers for itself; anything else is
/// logged and becomes a 500 with a JSON body.
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
        ])
        return style.response("Internal server error", status: 500)
    }
}

extension ErrorResponse {
    /// The response of an error that carries its own status (in the path's error style), or nil for any other error.
    static func knownResponse(for error: any Error, path: String) -> Response? {
        let style = ErrorStyle.of(path: path)
        if let failure = error as? TranscriptionFailure { return failure.response(style: style) }
        if let known = error as? HTTPError {
            var response = style.response(known.message, status: known.status, extra: known.extra.map { ($0.name, $0.value) })
            for header in known.headers { response.headers.add(header.name, header.value) }
            return response
        }
        if let known = error as? any HTTPResponseError { return known.response() }
        return nil
    }
}

/// A check that must hold inside a handler. Unlike `precondition`, a failure is thrown (and becomes a logged 500)
/// instead of stopping the process — Swift cannot recover from a trap.
public struct HandlerPreconditionFailure: Error, CustomStringConvertible {
    public let description: String
}

public func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw HandlerPreconditionFailure(description: message()) }
}
