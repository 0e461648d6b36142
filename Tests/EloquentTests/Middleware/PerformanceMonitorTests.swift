import HTTP1
import Logging
import Testing
@testable import Eloquent
@testable import HTTPServer

/// `PerformanceMonitorMiddleware`: timing headers, request ids, per-route metrics and log lines.
@Suite struct MiddlewarePerformanceMonitorTests {
    let metrics = RequestMetrics()

    func monitor(slow: Duration = .seconds(1), logger: Logger = StackFixture.quietLogger) -> PerformanceMonitorMiddleware {
        PerformanceMonitorMiddleware(metrics: metrics, slowThreshold: slow, logger: logger)
    }

    static func router() -> Router {
        var router = Router()
        router.get("/users/:id") { request in .text(request.parameters["id"] ?? "?") }
        router.get("/exact") { _ in .text("exact") }
        return router
    }

    /// The `eloquent_http_requests_total` samples as `route method status` → count.
    func counts() -> [String: Double] {
        let family = metrics.families().first { $0.name == "eloquent_http_requests_total" }
        var result: [String: Double] = [:]
        for sample in family?.samples ?? [] {
            result[sample.labels.map(\.1).joined(separator: " ")] = sample.value
        }
        return result
    }

    static func isResponseTime(_ text: String?) -> Bool {
        guard let text, text.hasSuffix("ms") else { return false }
        let number = text.dropLast(2).split(separator: ".", omittingEmptySubsequences: false)
        return number.count == 2 && !number[0].isEmpty && number[1].count == 3
            && number.joined().allSatisfy(\.isNumber)
    }

    static func isServerTime(_ text: String?) -> Bool {
        // 2026-01-02T03:04:05.678Z
        guard let text, text.utf8.count == 24, text.hasSuffix("Z") else { return false }
        let shape = text.map { $0.isNumber ? "9" : String($0) }.joined()
        return shape == "9999-99-99T99:99:99.999Z"
    }

    @Test func everyResponseGetsTimingHeadersAndAGeneratedID() async throws {
        let next = StackRecordingNext()
        let response = try await monitor().handle(StackFixture.request(), next: next.responder)
        #expect(Self.isResponseTime(response.headers["X-Response-Time"]))
        #expect(Self.isServerTime(response.headers["X-Server-Time"]))
        let id = response.headers["X-Request-ID"]
        #expect(StackFixture.isGeneratedID(id))
        #expect(next.lastRequest?.attributes[RequestIDKey.self] == id)
        let other = try await monitor().handle(StackFixture.request(), next: next.responder)
        #expect(other.headers["X-Request-ID"] != id)
    }

    @Test(arguments: ["abc-123", "4f1e_ok.trace:span/7", String(repeating: "a", count: 128), "X"])
    func aSaneClientIDIsEchoed(id: String) async throws {
        let next = StackRecordingNext()
        let response = try await monitor().handle(StackFixture.request(headers: [("X-Request-ID", id)]), next: next.responder)
        #expect(response.headers.values("X-Request-ID") == [id])
        #expect(next.lastRequest?.attributes[RequestIDKey.self] == id)
    }

    @Test(arguments: [
        String(repeating: "a", count: 129), "has space", "cr\rinside", "lf\ninside", "", "quote\"d", "<script>",
        "naïve", "semi;colon", "tab\tbed", String(repeating: "z", count: 100_000),
    ])
    func anInsaneClientIDIsReplaced(id: String) async throws {
        let next = StackRecordingNext()
        let response = try await monitor().handle(StackFixture.request(headers: [("X-Request-ID", id)]), next: next.responder)
        let sent = response.headers.values("X-Request-ID")
        #expect(sent.count == 1)
        #expect(StackFixture.isGeneratedID(sent.first))
        #expect(next.lastRequest?.attributes[RequestIDKey.self] == sent.first)
    }

    @Test func aClientValueSetByTheHandlerIsReplacedNotDuplicated() async throws {
        let next = StackRecordingNext { _ in
            var response = Response.text("x")
            response.headers.add("X-Response-Time", "forged")
            response.headers.add("X-Request-ID", "forged")
            return response
        }
        let response = try await monitor().handle(StackFixture.request(), next: next.responder)
        #expect(response.headers.values("X-Response-Time").count == 1)
        #expect(Self.isResponseTime(response.headers["X-Response-Time"]))
        #expect(response.headers.values("X-Request-ID").count == 1)
        #expect(response.headers["X-Request-ID"] != "forged")
    }

    @Test func metricsAreLabelledWithTheRoutePatternNotTheRawPath() async throws {
        let router = Self.router()
        for id in ["1", "2", "3"] {
            _ = try await monitor().handle(StackFixture.request("GET", "/users/\(id)"), next: router)
        }
        _ = try await monitor().handle(StackFixture.request("GET", "/exact"), next: router)
        _ = try await monitor().handle(StackFixture.request("GET", "/no/such/path/\(Int.random(in: 0...1_000_000))"), next: router)
        _ = try await monitor().handle(StackFixture.request("BREW", "/exact"), next: router)
        let counts = counts()
        #expect(counts["/users/:id GET 200"] == 3)
        #expect(counts["/exact GET 200"] == 1)
        #expect(counts["unmatched GET 404"] == 1)
        #expect(counts["/exact OTHER 405"] == 1)  // a known path with the wrong method is labelled by its route
        #expect(!counts.keys.contains { $0.contains("/users/1") || $0.contains("/no/such") })
        #expect(metrics.totalRequests == 6)
        let latency = metrics.families().first { $0.name == "eloquent_http_request_duration_seconds" }
        let userCount = latency?.samples.first { $0.suffix == "_count" && $0.labels.contains { $0 == ("route", "/users/:id") } }
        #expect(userCount?.value == 3)
    }

    @Test func anErrorThrownByNextStillGetsHeadersAndIsCounted() async throws {
        struct Boom: Error {}
        let failing = StackRecordingNext { _ in throw Boom() }
        let response = try await monitor().handle(StackFixture.request(headers: [("X-Request-ID", "trace-1")]),
                                                  next: failing.responder)
        #expect(response.status == 500)
        #expect(Self.isResponseTime(response.headers["X-Response-Time"]))
        #expect(Self.isServerTime(response.headers["X-Server-Time"]))
        #expect(response.headers["X-Request-ID"] == "trace-1")
        let teapot = StackRecordingNext { _ in throw HTTPError(418, "teapot") }
        let answered = try await monitor().handle(StackFixture.request(), next: teapot.responder)
        #expect(answered.status == 418)
        #expect(answered.headers.contains("X-Response-Time"))
        #expect(counts()["unmatched GET 500"] == 1)
        #expect(counts()["unmatched GET 418"] == 1)
    }

    @Test func slowAndErrorResponsesAreLogged() async throws {
        let (logger, sink) = capturingLogger(format: .json)
        let next = StackRecordingNext { _ in .error("nope", status: 503) }
        _ = try await monitor(slow: .zero, logger: logger).handle(
            StackFixture.request(headers: [("X-Request-ID", "slow-1")]), next: next.responder)
        let lines = try sink.lines.map(parseJSONLogLine)
        #expect(lines.contains { $0["msg"] as? String == "slow request" && $0["request_id"] as? String == "slow-1" })
        #expect(lines.contains { $0["msg"] as? String == "error response" && $0["status"] as? String == "503" })
        let (quiet, quietSink) = capturingLogger(format: .json)
        _ = try await monitor(slow: .seconds(3600), logger: quiet).handle(StackFixture.request(), next: StackRecordingNext().responder)
        #expect(quietSink.lines.isEmpty)
    }

    @Test func formatsMilliseconds() {
        #expect(PerformanceMonitorMiddleware.formatMilliseconds(0) == "0.000ms")
        #expect(PerformanceMonitorMiddleware.formatMilliseconds(1_234_567) == "1.234ms")
        #expect(PerformanceMonitorMiddleware.formatMilliseconds(12_000_000_000) == "12000.000ms")
        #expect(PerformanceMonitorMiddleware.formatMilliseconds(5_000) == "0.005ms")
    }
}
