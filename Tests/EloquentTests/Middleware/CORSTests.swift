@testable import Basics
import HTTP1
import Testing
@testable import Eloquent
@testable import HTTPServer

/// `CORSMiddleware`: preflights answered in place, `*` never with credentials, a list echoes only its own origins.
@Suite struct MiddlewareCORSTests {
    static let app = "https://app.example.com"
    static let listed = CORSOrigins.list([CORSOrigins.normalize(app)!, CORSOrigins.normalize("http://localhost:5173")!])

    func middleware(_ origins: CORSOrigins) -> CORSMiddleware {
        CORSMiddleware(origins: origins, logger: StackFixture.quietLogger)
    }

    func preflight(origin: String, method: String = "POST") -> Request {
        StackFixture.request("OPTIONS", "/api/transcribe/audio", headers: [
            ("Origin", origin), ("Access-Control-Request-Method", method),
            ("Access-Control-Request-Headers", "authorization, content-type"),
        ])
    }

    @Test func wildcardPreflightIsAnswered204WithoutCallingNext() async throws {
        let next = StackRecordingNext()
        let response = try await middleware(.any).handle(preflight(origin: "https://anything.example"), next: next.responder)
        #expect(next.calls == 0)
        #expect(response.status == 204)
        #expect(response.body.isEmpty)
        #expect(response.headers["Access-Control-Allow-Origin"] == "*")
        let methods = StackFixture.tokens(response.headers, "Access-Control-Allow-Methods")
        #expect(["get", "post", "put", "delete", "options"].allSatisfy(methods.contains))
        let allowed = StackFixture.tokens(response.headers, "Access-Control-Allow-Headers")
        #expect(allowed.contains("authorization") && allowed.contains("content-type"))
        #expect(response.headers["Access-Control-Max-Age"] == "43200")
        #expect(!response.headers.contains("Access-Control-Allow-Credentials"))
    }

    @Test func wildcardNeverSendsCredentialsOnAnyResponse() async throws {
        let next = StackRecordingNext()
        let response = try await middleware(.any).handle(
            StackFixture.request(headers: [("Origin", Self.app), ("Cookie", "a=b")]), next: next.responder)
        #expect(next.calls == 1)
        #expect(response.headers["Access-Control-Allow-Origin"] == "*")
        #expect(!response.headers.contains("Access-Control-Allow-Credentials"))
        #expect(StackFixture.tokens(response.headers, "Access-Control-Expose-Headers").contains("x-request-id"))
    }

    @Test func listedOriginIsEchoedWithCredentialsAndVary() async throws {
        let next = StackRecordingNext()
        let response = try await middleware(Self.listed).handle(
            StackFixture.request(headers: [("Origin", Self.app)]), next: next.responder)
        #expect(next.calls == 1)
        #expect(response.status == 200)
        #expect(response.headers.values("Access-Control-Allow-Origin") == [Self.app])
        #expect(response.headers["Access-Control-Allow-Credentials"] == "true")
        #expect(StackFixture.tokens(response.headers, "Vary").contains("origin"))
    }

    @Test func listedOriginPreflightIsAnsweredWithCredentials() async throws {
        let next = StackRecordingNext()
        let response = try await middleware(Self.listed).handle(preflight(origin: "http://localhost:5173", method: "PUT"),
                                                                next: next.responder)
        #expect(next.calls == 0)
        #expect(response.status == 204)
        #expect(response.headers["Access-Control-Allow-Origin"] == "http://localhost:5173")
        #expect(response.headers["Access-Control-Allow-Credentials"] == "true")
        #expect(response.headers["Access-Control-Max-Age"] == "43200")
        #expect(StackFixture.tokens(response.headers, "Vary").contains("origin"))
    }

    @Test(arguments: [
        "https://evil.example", "https://app.example.com.evil.example", "http://app.example.com", "null",
        "https://app.example.com:8443", "app.example.com", "", String(repeating: "x", count: 10_000),
        "https://APP.example.com/extra/path",
    ])
    func unlistedOriginGetsNoCORSHeaders(origin: String) async throws {
        let next = StackRecordingNext()
        let response = try await middleware(Self.listed).handle(
            StackFixture.request(headers: [("Origin", origin)]), next: next.responder)
        #expect(next.calls == 1)
        #expect(response.status == 200)
        #expect(StackFixture.corsHeaderNames(response.headers).isEmpty)
        let refused = try await middleware(Self.listed).handle(preflight(origin: origin), next: next.responder)
        #expect(next.calls == 1)
        #expect(StackFixture.corsHeaderNames(refused.headers).isEmpty)
    }

    @Test(arguments: [CORSOrigins.any, MiddlewareCORSTests.listed])
    func noOriginLeavesTheResponseUntouched(origins: CORSOrigins) async throws {
        let next = StackRecordingNext { _ in
            var response = Response.json(#"{"a":1}"#, status: 201)
            response.headers.add("X-Mine", "1")
            return response
        }
        let response = try await middleware(origins).handle(StackFixture.request(), next: next.responder)
        #expect(next.calls == 1)
        #expect(response.status == 201)
        #expect(response.body == Array(#"{"a":1}"#.utf8))
        #expect(response.headers.map { "\($0.name): \($0.value)" } == ["Content-Type: application/json; charset=utf-8", "X-Mine: 1"])
    }

    @Test func optionsWithoutRequestMethodIsNotAPreflight() async throws {
        let next = StackRecordingNext { _ in Response(status: 204, headers: HTTPHeaders([("Allow", "GET, OPTIONS")])) }
        let response = try await middleware(.any).handle(
            StackFixture.request("OPTIONS", "/api/things", headers: [("Origin", Self.app)]), next: next.responder)
        #expect(next.calls == 1)
        #expect(response.headers["Allow"] == "GET, OPTIONS")
        #expect(!response.headers.contains("Access-Control-Max-Age"))
    }

    @Test func anErrorFromNextStillCarriesCORSHeaders() async throws {
        let next = StackRecordingNext { _ in throw HTTPError(404, "gone") }
        let response = try await middleware(Self.listed).handle(
            StackFixture.request(headers: [("Origin", Self.app)]), next: next.responder)
        #expect(response.status == 404)
        #expect(response.headers["Access-Control-Allow-Origin"] == Self.app)
    }
}
