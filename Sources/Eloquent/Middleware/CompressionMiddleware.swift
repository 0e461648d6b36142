import Compression
import HTTPServer
import HTTP1
import Logging

/// gzip/deflate response compression with zlib, negotiated from `Accept-Encoding` (q-values; a malformed header
/// selects nothing). Skipped for HEAD, HTTP/1.0, non-2xx, bodies under `GZIP_MIN_BYTES`, already-encoded bodies and
/// non-compressible types. `Vary: Accept-Encoding` is always added.
struct CompressionMiddleware: Middleware {
    let level: Int
    let minBytes: Int
    let metrics: RequestMetrics
    let logger: Logger

    func handle(_ request: Request, next: any Responder) async throws -> Response {
        var response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            response = ErrorResponse.response(for: error, request: request, logger: logger)
        }
        if !Self.varies(onAcceptEncoding: response.headers) {
            response.headers.add("Vary", "Accept-Encoding")
        }
        guard response.stream == nil,  // a streamed body (server-sent events) goes out as produced
              CompressionPolicy.shouldCompress(
            method: request.method, isHTTP10: request.version == .http1_0, status: response.status,
            contentType: response.headers["Content-Type"], contentEncoding: response.headers["Content-Encoding"],
            bodyCount: response.body.count, minBytes: minBytes),
            let coding = AcceptEncoding.negotiate(request.headers["Accept-Encoding"])
        else { return response }
        do {
            let compressed = try Compressor.compress(response.body, coding: coding, level: level)
            guard compressed.count < response.body.count else { return response }
            metrics.recordCompression(originalBytes: response.body.count, compressedBytes: compressed.count)
            response.body = compressed
            response.headers.set("Content-Encoding", coding.rawValue)
        } catch {
            logger.warning("compression failed; sending identity", metadata: ["error": "\(error)"])
        }
        return response
    }

    /// Whether a `Vary` field already names `Accept-Encoding` (any case), without copying the values.
    static func varies(onAcceptEncoding headers: HTTPHeaders) -> Bool {
        for (name, value) in headers where name.utf8.count == 4 && name.lowercased() == "vary" {
            if value.lowercased().contains("accept-encoding") { return true }
        }
        return false
    }
}
