import Foundation
import HTTP1
import Testing
@testable import Eloquent
@testable import HTTPServer

/// The global middleware stack is, outermost first: Recovery → CORS → Performance monitor → Compression → Request
/// size limit → Rate limit; Auth sits on protected routes only.
@Suite struct StackOrderTests {
    static func application(_ extra: [String: String] = [:]) async throws -> (Application, String) {
        let directory = try StackFixture.temporaryDirectory()
        let config = try Config.load(environment: StackLive.environment(directory: directory, extra), dotEnvPath: nil)
        return (try await Application(config: config, logger: StackFixture.quietLogger), directory)
    }

    @Test func theGlobalStackIsInTheSpecifiedOrder() async throws {
        let (application, directory) = try await Self.application()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let names = application.globalMiddleware().map { String(describing: type(of: $0)) }
        #expect(names == [
            "RecoveryMiddleware", "CORSMiddleware", "PerformanceMonitorMiddleware", "CompressionMiddleware",
            "RequestSizeLimitMiddleware", "RateLimitMiddleware",
        ])
        let stack = application.globalMiddleware()
        #expect(stack[0] is RecoveryMiddleware && stack[1] is CORSMiddleware && stack[2] is PerformanceMonitorMiddleware)
        #expect(stack[3] is CompressionMiddleware && stack[4] is RequestSizeLimitMiddleware && stack[5] is RateLimitMiddleware)
        #expect(!stack.contains { $0 is AuthMiddleware })
    }

    @Test func theLayersSeeEachOtherInThatOrder() async throws {
        let (application, directory) = try await Self.application(["RATE_LIMIT_REQUESTS": "1", "MAX_BODY_BYTES": "10"])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let responder = application.makeResponder()
        let origin = ("Origin", "https://app.example.com")

        // CORS answers a preflight before the monitor, compression and the limiter run.
        let preflight = try await responder.respond(to: StackFixture.request(
            "OPTIONS", "/api/transcribe/api-key", headers: [origin, ("Access-Control-Request-Method", "GET")]))
        #expect(preflight.status == 204)
        #expect(!preflight.headers.contains("X-Response-Time") && !preflight.headers.contains("X-RateLimit-Limit"))
        #expect(!preflight.headers.contains("Vary"))

        // Auth (innermost, per route) refuses inside the limiter: the 401 carries every outer layer's headers.
        let refused = try await responder.respond(to: StackFixture.request("GET", "/api/transcribe/api-key", headers: [origin]))
        #expect(refused.status == 401)
        #expect(refused.headers["X-RateLimit-Remaining"] == "0")
        #expect(refused.headers.contains("X-Response-Time") && refused.headers["Access-Control-Allow-Origin"] == "*")
        #expect(StackFixture.tokens(refused.headers, "Vary").contains("accept-encoding"))

        // The limiter's 429 is timed, CORS-labelled and Vary'd by the layers outside it.
        let limited = try await responder.respond(to: StackFixture.request("GET", "/api/transcribe/api-key", headers: [origin]))
        #expect(limited.status == 429)
        #expect(limited.headers.contains("X-Response-Time") && limited.headers["Access-Control-Allow-Origin"] == "*")

        // The size limit sits outside the limiter: a 413 from Content-Length costs no budget and has no limiter headers.
        let (body, _) = StackChunkSource.sized(11)
        let tooLarge = try await responder.respond(to: StackFixture.request("POST", "/api/transcribe/api-key", headers: [origin],
                                                                            peer: "198.51.100.1", body: body))
        #expect(tooLarge.status == 413)
        #expect(!tooLarge.headers.contains("X-RateLimit-Limit"))
        #expect(tooLarge.headers.contains("X-Request-ID"))
        let after = try await responder.respond(to: StackFixture.request("GET", "/api/transcribe/api-key", peer: "198.51.100.1"))
        #expect(after.status == 401)
        #expect(after.headers["X-RateLimit-Remaining"] == "0")
    }

    @Test func protectedRouteIsBehindAuthAndHealthIsNot() async throws {
        let (application, directory) = try await Self.application()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let responder = application.makeResponder()
        let health = try await responder.respond(to: StackFixture.request("GET", "/health"))
        #expect(health.status == 200)
        let key = try await responder.respond(to: StackFixture.request("GET", "/api/transcribe/api-key"))
        #expect(key.status == 401)
        #expect(String(decoding: key.body, as: UTF8.self) == #"{"error":"No token provided"}"#)
    }
}
