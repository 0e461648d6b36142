@testable import Identity
import Compression
import Foundation
import Testing
import TestSupport
@testable import Eloquent

/// The whole stack through the real server: timing, CORS, rate limits, auth, compression.
@Suite struct StackLiveTests {
    static let origin = ("Origin", "https://app.example.com")

    @Test func healthIsTimedButNotRateLimited() async throws {
        let clean = try await StackLive.withApplication(["RATE_LIMIT_REQUESTS": "2"]) { port, _ in
            for _ in 0..<5 {
                let reply = try StackLive.send(port, "/health")
                #expect(reply.status == 200)
                let names = StackLive.headerNames(reply)
                #expect(names.isSuperset(of: ["x-response-time", "x-server-time", "x-request-id"]))
                #expect(!names.contains { $0.hasPrefix("x-ratelimit") })
                #expect(try StackFixture.jsonObject(reply.body)["status"] as? String == "ok")
            }
        }
        #expect(clean)
    }

    @Test func protectedRouteWithoutTokenIs401WithEveryLayersHeaders() async throws {
        let clean = try await StackLive.withApplication { port, _ in
            let reply = try StackLive.send(port, "/api/transcribe/api-key", headers: [Self.origin, ("X-Request-ID", "live-1")])
            #expect(reply.status == 401)
            #expect(reply.text == #"{"error":"No token provided"}"#)
            #expect(reply.header("Access-Control-Allow-Origin") == "*")
            #expect(reply.header("Access-Control-Allow-Credentials") == nil)
            #expect(reply.header("X-Request-ID") == "live-1")
            #expect(reply.header("X-Response-Time")?.hasSuffix("ms") == true)
            #expect(reply.header("X-Server-Time") != nil)
            #expect(reply.header("X-RateLimit-Limit") == "100")
            #expect(reply.header("X-RateLimit-Remaining") == "99")
            #expect(reply.header("X-RateLimit-Reset").flatMap(Int.init) != nil)
            #expect(reply.header("WWW-Authenticate") == "Bearer")
            #expect(reply.header("Content-Length") == String(reply.body.count))
        }
        #expect(clean)
    }

    @Test func aMintedTokenReachesTheRetiredKeyRoute() async throws {
        let clean = try await StackLive.withApplication { port, config in
            let token = try TokenMinter.mint(sub: UUID().uuidString.lowercased(), email: "a@b.c",
                                             secret: IdentitySetup.secret(for: config))
            let reply = try StackLive.send(port, "/api/transcribe/api-key", headers: [("Authorization", "Bearer " + token)])
            #expect(reply.status == 410)
            let message = try StackFixture.jsonObject(reply.body)["error"] as? String
            #expect(message?.isEmpty == false)
            #expect(reply.header("X-RateLimit-Remaining") == "99")
            let other = try TokenMinter.mint(sub: "someone", email: nil, secret: String(repeating: "k", count: 40))
            let forged = try StackLive.send(port, "/api/transcribe/api-key", headers: [("Authorization", "Bearer " + other)])
            #expect(forged.status == 401)
            #expect(forged.text == #"{"error":"Invalid token"}"#)
        }
        #expect(clean)
    }

    @Test func theLimitGives429AfterTheConfiguredRequests() async throws {
        let clean = try await StackLive.withApplication([
            "RATE_LIMIT_REQUESTS": "3", "RATE_LIMIT_WINDOW": "10m", "TRUSTED_PROXIES": "10.0.0.0/8",
        ]) { port, _ in
            var remaining: [String?] = []
            for _ in 0..<3 {
                let reply = try StackLive.send(port, "/api/transcribe/api-key")
                #expect(reply.status == 401)
                remaining.append(reply.header("X-RateLimit-Remaining"))
            }
            #expect(remaining == ["2", "1", "0"])
            // Loopback is not a trusted proxy here, so its X-Forwarded-For is a spoof and changes nothing.
            let refused = try StackLive.send(port, "/api/transcribe/api-key", headers: [
                ("X-Forwarded-For", "198.51.100.1"), ("X-Real-IP", "198.51.100.2"),
            ])
            #expect(refused.status == 429)
            let retryAfter = try #require(refused.header("Retry-After").flatMap(Int.init))
            #expect((1...600).contains(retryAfter))
            let json = try StackFixture.jsonObject(refused.body)
            #expect(json["retryAfter"] as? Int == retryAfter)
            #expect(json["error"] is String)
            #expect(refused.header("X-RateLimit-Remaining") == "0")
            // Operations routes stay reachable.
            #expect(try StackLive.send(port, "/health").status == 200)
            #expect(try StackLive.send(port, "/ready").status == 200)
            #expect(try StackLive.send(port, "/metrics").status == 200)
        }
        #expect(clean)
    }

    @Test func aGzipRequestForMetricsComesBackCompressed() async throws {
        let clean = try await StackLive.withApplication { port, _ in
            _ = try StackLive.send(port, "/health")
            let plain = try StackLive.send(port, "/metrics")
            #expect(plain.header("Content-Encoding") == nil)
            #expect(plain.body.count > 1024)
            let reply = try StackLive.send(port, "/metrics", headers: [("Accept-Encoding", "br;q=1, gzip;q=0.8")])
            #expect(reply.status == 200)
            #expect(reply.header("Content-Encoding") == "gzip")
            #expect(reply.header("Vary")?.lowercased().contains("accept-encoding") == true)
            #expect(reply.header("Content-Length") == String(reply.body.count))
            #expect(reply.body.count < plain.body.count)
            let text = String(decoding: try Inflater.decompress(reply.body, coding: .gzip, maxOutput: 16 << 20), as: UTF8.self)
            #expect(text.contains("# TYPE eloquent_http_requests_total counter"))
            #expect(StackPrometheus.malformedLines(text).isEmpty)
            if StackPrometheus.officialParserAvailable {
                let names = try StackPrometheus.officialSampleNames(text).get()
                #expect(names.contains("eloquent_http_requests_total"))
            }
            let malformed = try StackLive.send(port, "/metrics", headers: [("Accept-Encoding", "gzip;q=1.5")])
            #expect(malformed.header("Content-Encoding") == nil)
            #expect(malformed.text.hasPrefix("# HELP"))
            let head = try StackLive.send(port, "/metrics", method: "HEAD", headers: [("Accept-Encoding", "gzip")])
            #expect(head.status == 200 && head.header("Content-Encoding") == nil && head.body.isEmpty)
        }
        #expect(clean)
    }

    @Test func aPreflightIsAnswered204() async throws {
        let clean = try await StackLive.withApplication(["CORS_ORIGINS": "https://app.example.com,http://localhost:5173"]) { port, _ in
            let reply = try StackLive.send(port, "/api/transcribe/audio", method: "OPTIONS", headers: [
                Self.origin, ("Access-Control-Request-Method", "POST"),
                ("Access-Control-Request-Headers", "Authorization, Content-Type"),
            ])
            #expect(reply.status == 204)
            #expect(reply.body.isEmpty)
            #expect(reply.header("Access-Control-Allow-Origin") == "https://app.example.com")
            #expect(reply.header("Access-Control-Allow-Credentials") == "true")
            #expect(reply.header("Access-Control-Max-Age") == "43200")
            let allowed = reply.header("Access-Control-Allow-Headers")?.lowercased() ?? ""
            #expect(allowed.contains("authorization") && allowed.contains("content-type"))
            #expect(reply.header("Access-Control-Allow-Methods")?.contains("POST") == true)
            let stranger = try StackLive.send(port, "/health", headers: [("Origin", "https://evil.example")])
            #expect(stranger.status == 200)
            #expect(!StackLive.headerNames(stranger).contains { $0.hasPrefix("access-control-") })
        }
        #expect(clean)
    }
}
