@testable import Identity
import Foundation
import Testing
import TestSupport
@testable import Eloquent

/// `/metrics` and `/stats` through the real server.
@Suite struct MetricsLiveTests {
    static let health = #"eloquent_http_requests_total{route="/health",method="GET",status="200"}"#
    static let metrics = #"eloquent_http_requests_total{route="/metrics",method="GET",status="200"}"#

    @Test func metricsParseAsPrometheusTextAndCount() async throws {
        let clean = try await StackLive.withApplication { port, _ in
            for _ in 0..<2 { _ = try StackLive.send(port, "/health") }
            let first = try StackLive.send(port, "/metrics")
            #expect(first.status == 200)
            #expect(first.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
            let before = first.text
            #expect(StackPrometheus.malformedLines(before).isEmpty)
            #expect(StackPrometheus.value(of: Self.health, in: before) == 2)
            for family in ["eloquent_http_request_duration_seconds histogram", "eloquent_connections_open gauge",
                           "eloquent_http_bytes_in_total counter", "eloquent_rate_limiter_keys gauge",
                           "eloquent_token_cache_hits_total counter", "eloquent_compression_ratio gauge"] {
                #expect(before.contains("# TYPE \(family)\n"))
            }
            #expect(before.contains(#"eloquent_http_request_duration_seconds_bucket{route="/health",le="+Inf"} 2"#))

            for _ in 0..<3 { _ = try StackLive.send(port, "/health") }
            _ = try StackLive.send(port, "/api/transcribe/api-key")
            let after = try StackLive.send(port, "/metrics").text
            #expect(StackPrometheus.value(of: Self.health, in: after) == 5)
            #expect(StackPrometheus.value(of: Self.metrics, in: after) == 1)
            #expect(StackPrometheus.value(
                of: #"eloquent_http_requests_total{route="/api/transcribe/api-key",method="GET",status="401"}"#, in: after) == 1)
            #expect(StackPrometheus.value(of: "eloquent_rate_limiter_keys", in: after) == 1)
            #expect((StackPrometheus.value(of: "eloquent_http_bytes_in_total", in: after) ?? 0)
                > (StackPrometheus.value(of: "eloquent_http_bytes_in_total", in: before) ?? .infinity))

            if StackPrometheus.officialParserAvailable {
                let names = try StackPrometheus.officialSampleNames(after).get()
                #expect(names.isSuperset(of: [
                    "eloquent_http_requests_total", "eloquent_http_request_duration_seconds_bucket",
                    "eloquent_http_request_duration_seconds_count", "eloquent_connections_open",
                ]))
                let broken = try StackPrometheus.officialSampleNames("# TYPE x counter\nx{ 1\n")
                #expect(throws: StackTestError.self) { try broken.get() }
            }

            // /stats: the same figures as JSON, read right after /metrics (which counted itself once more).
            let stats = try StackLive.send(port, "/stats")
            #expect(stats.status == 200)
            #expect(stats.header("Content-Type")?.hasPrefix("application/json") == true)
            let json = try StackFixture.jsonObject(stats.body)
            let requests = try #require(json["http_requests_total"] as? [[String: Any]])
            func count(_ route: String) -> Int? {
                requests.first { $0["route"] as? String == route && $0["method"] as? String == "GET" && $0["status"] as? String == "200" }?["value"] as? Int
            }
            #expect(count("/health") == 5)
            #expect(count("/metrics") == 2)
            let total = requests.compactMap { $0["value"] as? Int }.reduce(0, +)
            #expect(Double(total) == StackPrometheus.total("eloquent_http_requests_total", in: after) + 1)
            #expect(json["rate_limiter_keys"] as? Int == 1)
            #expect((json["connections_open"] as? Int ?? 0) >= 1)
            #expect(json["token_cache_hits_total"] is Int && json["token_cache_misses_total"] is Int)
            #expect(json["compression_ratio"] is NSNumber)
            #expect(json["http_request_duration_seconds"] is [[String: Any]])
        }
        #expect(clean)
    }

    @Test func tokenCacheFiguresMoveWithAuthenticatedRequests() async throws {
        let clean = try await StackLive.withApplication { port, config in
            let token = try TokenMinter.mint(sub: "user-1", email: "a@b.c", secret: IdentitySetup.secret(for: config))
            for _ in 0..<3 {
                #expect(try StackLive.send(port, "/api/transcribe/api-key", headers: [("Authorization", "Bearer " + token)]).status == 410)
            }
            let json = try StackFixture.jsonObject(StackLive.send(port, "/stats").body)
            #expect(json["token_cache_hits_total"] as? Int == 2)
            #expect(json["token_cache_misses_total"] as? Int == 1)
            #expect(json["token_cache_entries"] as? Int == 1)
        }
        #expect(clean)
    }
}
