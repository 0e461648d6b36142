import HTTP1
import Testing
@testable import Eloquent
@testable import HTTPServer

/// `RequestSizeLimitMiddleware`: 413 from `Content-Length` before the body is read; a chunked body cut at the limit.
@Suite struct MiddlewareRequestSizeLimitTests {
    static let limit = 100
    let middleware = RequestSizeLimitMiddleware(maxBytes: MiddlewareRequestSizeLimitTests.limit)

    /// A `next` that reads the whole body and answers with its size.
    static func reader() -> StackRecordingNext {
        StackRecordingNext { request in
            var total = 0
            while let chunk = try await request.body.read() { total += chunk.count }
            return .text(String(total))
        }
    }

    @Test(arguments: [101, 1 << 20, Int.max])
    func aDeclaredLengthOverTheLimitIs413AndNothingIsRead(declared: Int) async throws {
        let next = Self.reader()
        let (body, source) = StackChunkSource.sized(declared, [Array(repeating: 1, count: 101)])
        let response = try await middleware.handle(StackFixture.request("POST", "/api/upload", body: body),
                                                   next: next.responder)
        #expect(response.status == 413)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"error":"Request too large","maxSize":100}"#)
        let json = try StackFixture.jsonObject(response.body)
        #expect(json["maxSize"] as? Int == Self.limit)
        #expect(next.calls == 0)
        #expect(source.deliveredBytes == 0)
    }

    @Test func aDeclaredLengthAtTheLimitPasses() async throws {
        let next = Self.reader()
        let (body, _) = StackChunkSource.sized(100, [Array(repeating: 1, count: 60), Array(repeating: 2, count: 40)])
        let response = try await middleware.handle(StackFixture.request("POST", "/api/upload", body: body), next: next.responder)
        #expect(response.status == 200)
        #expect(response.body == Array("100".utf8))
        #expect(next.calls == 1)
    }

    @Test func aChunkedBodyIsCutOffAtTheLimit() async throws {
        let next = Self.reader()
        let chunks = [Array(repeating: UInt8(1), count: 60), Array(repeating: 2, count: 60), Array(repeating: 3, count: 60)]
        let (body, source) = StackChunkSource.chunked(chunks)
        await #expect(throws: HTTPError.payloadTooLarge(max: Self.limit)) {
            _ = try await middleware.handle(StackFixture.request("POST", "/api/upload", body: body), next: next.responder)
        }
        #expect(next.calls == 1)
        // The third chunk was never pulled from the connection.
        #expect(source.deliveredBytes == 120)
    }

    @Test func oneHugeChunkNeverReachesTheHandler() async throws {
        let seen = StackRecordingNext { request in
            let first = try await request.body.read()
            return .text("got \(first?.count ?? -1)")
        }
        let (body, _) = StackChunkSource.chunked([Array(repeating: 0, count: 1 << 20)])
        await #expect(throws: HTTPError.self) {
            _ = try await middleware.handle(StackFixture.request("POST", "/api/upload", body: body), next: seen.responder)
        }
    }

    @Test func aChunkedBodyUpToTheLimitIsDeliveredWhole() async throws {
        let next = Self.reader()
        let (body, _) = StackChunkSource.chunked([Array(repeating: 1, count: 50), Array(repeating: 2, count: 50)])
        let response = try await middleware.handle(StackFixture.request("POST", "/api/upload", body: body), next: next.responder)
        #expect(response.body == Array("100".utf8))
    }

    @Test func theThrown413BecomesItsResponseUnderRecovery() async throws {
        let stack = buildStack([RecoveryMiddleware(logger: StackFixture.quietLogger), middleware],
                               around: Self.reader().responder)
        let (body, _) = StackChunkSource.chunked([Array(repeating: 1, count: 101)])
        let response = try await stack.respond(to: StackFixture.request("POST", "/api/upload", body: body))
        #expect(response.status == 413)
        #expect(try StackFixture.jsonObject(response.body)["error"] as? String == "Request too large")
    }

    @Test func aRequestWithoutBodyPasses() async throws {
        let next = Self.reader()
        let response = try await middleware.handle(StackFixture.request(), next: next.responder)
        #expect(response.body == Array("0".utf8))
        #expect(next.calls == 1)
    }
}
