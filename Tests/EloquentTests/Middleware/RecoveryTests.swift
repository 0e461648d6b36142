import HTTP1
import Logging
import Testing
@testable import Eloquent
@testable import HTTPServer

/// `RecoveryMiddleware`: whatever is thrown becomes a response; nothing escapes.
@Suite struct MiddlewareRecoveryTests {
    struct Boom: Error {}

    /// An error type with its own response (a custom `HTTPResponseError`).
    struct Teapot: HTTPResponseError {
        var status: Int { 418 }
        func response() -> Response {
            var response = Response.error("short and stout", status: 418)
            response.headers.add("X-Teapot", "yes")
            return response
        }
    }

    func run(_ next: @escaping @Sendable (Request) async throws -> Response,
             logger: Logger = StackFixture.quietLogger) async throws -> Response {
        try await RecoveryMiddleware(logger: logger).handle(StackFixture.request(), next: ClosureResponder(next))
    }

    @Test func aGenericErrorBecomesALogged500WithAJSONBody() async throws {
        let (logger, sink) = capturingLogger(format: .json)
        let response = try await run({ _ in throw Boom() }, logger: logger)
        #expect(response.status == 500)
        #expect(response.headers["Content-Type"]?.hasPrefix("application/json") == true)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"error":"Internal server error"}"#)
        let logged = try sink.lines.map(parseJSONLogLine)
        #expect(logged.contains { ($0["level"] as? String) == "error" && "\($0)".contains("Boom") })
    }

    @Test func anHTTPErrorKeepsItsStatusAndMessage() async throws {
        let response = try await run { _ in throw HTTPError(404, "No such thing", extra: [.init("id", "7")]) }
        #expect(response.status == 404)
        let json = try StackFixture.jsonObject(response.body)
        #expect(json["error"] as? String == "No such thing")
        #expect(json["id"] as? Int == 7)
    }

    @Test func aCustomResponseErrorAnswersForItself() async throws {
        let response = try await run { _ in throw Teapot() }
        #expect(response.status == 418)
        #expect(response.headers["X-Teapot"] == "yes")
        #expect(try StackFixture.jsonObject(response.body)["error"] as? String == "short and stout")
    }

    @Test func aFailedRequireBecomesA500ThatDoesNotLeakTheMessage() async throws {
        let (logger, sink) = capturingLogger(format: .json)
        let response = try await run({ _ in
            try require(false, "secret internal detail")
            return .text("unreachable")
        }, logger: logger)
        #expect(response.status == 500)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"error":"Internal server error"}"#)
        #expect(sink.texts.contains { $0.contains("secret internal detail") })
    }

    @Test func aPassingRequireAndANormalResponsePassThroughUnchanged() async throws {
        let response = try await run { _ in
            try require(true, "never")
            var response = Response.text("fine", status: 202)
            response.headers.add("X-Mine", "1")
            return response
        }
        #expect(response.status == 202)
        #expect(response.headers["X-Mine"] == "1")
        #expect(response.body == Array("fine".utf8))
    }

    @Test func cancellationBecomesA499ClientClosedRequest() async throws {
        let response = try await run { _ in throw CancellationError() }
        #expect(response.status == 499)  // the client went away: not a server error
        #expect(try StackFixture.jsonObject(response.body)["error"] is String)
    }

    @Test func theRecoveredStackKeepsServingLaterRequests() async throws {
        let responder = buildStack([RecoveryMiddleware(logger: StackFixture.quietLogger)], around: ClosureResponder { request in
            if request.path == "/fail" { throw Boom() }
            return .text("ok")
        })
        for _ in 0..<3 {
            #expect(try await responder.respond(to: StackFixture.request("GET", "/fail")).status == 500)
            #expect(try await responder.respond(to: StackFixture.request("GET", "/fine")).status == 200)
        }
    }
}
