import HTTPServer

/// `413 {"error":"Request too large","maxSize":…}` decided from `Content-Length` before the body is read; a chunked
/// body is cut off at the limit as it streams.
struct RequestSizeLimitMiddleware: Middleware {
    let maxBytes: Int

    func handle(_ request: Request, next: any Responder) async throws -> Response {
        if let declared = request.body.declaredLength, declared > maxBytes {
            return ErrorStyle.of(path: request.path).response(
                "Request too large", status: 413, extra: [("maxSize", String(maxBytes))])
        }
        var request = request
        if request.body.isChunked { request.body = request.body.limited(to: maxBytes) }
        return try await next.respond(to: request)
    }
}
