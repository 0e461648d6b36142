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
        guard let coding = coding(for: request, response) else { return response }
        if let compressed = compress(response.body, coding: coding) {
            response.body = compressed
            response.headers.set("Content-Encoding", coding.rawValue)
        }
        return response
    }

    /// The coding `response` should go out in for `request`, or nil to send it as it is.
    func coding(for request: Request, _ response: Response) -> ContentCoding? {
        guard response.stream == nil,  // a streamed body (server-sent events) goes out as produced
              CompressionPolicy.shouldCompress(
                method: request.method, isHTTP10: request.version == .http1_0, status: response.status,
                contentType: response.headers["Content-Type"], contentEncoding: response.headers["Content-Encoding"],
                bodyCount: response.body.count, minBytes: minBytes)
        else { return nil }
        return AcceptEncoding.negotiate(request.headers["Accept-Encoding"])
    }

    /// `body` compressed, counted in the metrics; nil when compressing fails (logged) or does not make it smaller.
    func compress(_ body: [UInt8], coding: ContentCoding) -> [UInt8]? {
        do {
            let compressed = try Compressor.compress(body, coding: coding, level: level)
            guard compressed.count < body.count else { return nil }
            metrics.recordCompression(originalBytes: body.count, compressedBytes: compressed.count)
            return compressed
        } catch {
            logger.warning("compression failed; sending identity", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// Whether a `Vary` field already names `Accept-Encoding` (any case), without copying the values.
    static func varies(onAcceptEncoding headers: HTTPHeaders) -> Bool {
        for (name, value) in headers where name.utf8.count == 4 && name.lowercased() == "vary" {
            if value.lowercased().contains("accept-encoding") { return true }
        }
        return false
    }
}
