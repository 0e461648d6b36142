import TestSupport
import Compression
import HTTP1
import Testing
@testable import Eloquent
@testable import HTTPServer

/// `CompressionMiddleware`: negotiation, the skip rules, `Vary`, and bodies that decode back to the original.
@Suite struct MiddlewareCompressionTests {
    static let original: [UInt8] = Array((0..<200).map { #"{"id":\#($0),"text":"the quick brown fox","ok":true}"# }
        .joined(separator: ",").utf8)
    let metrics = RequestMetrics()

    func compress(
        acceptEncoding: String?, method: String = "GET", version: HTTPVersion = .http1_1,
        respond: @escaping @Sendable (Request) async throws -> Response = { _ in
            .json(String(decoding: MiddlewareCompressionTests.original, as: UTF8.self))
        }
    ) async throws -> Response {
        let middleware = CompressionMiddleware(level: 6, minBytes: 1024, metrics: metrics, logger: StackFixture.quietLogger)
        let headers = acceptEncoding.map { [("Accept-Encoding", $0)] } ?? []
        return try await middleware.handle(StackFixture.request(method, "/api/list", headers: headers, version: version),
                                           next: ClosureResponder(respond))
    }

    static func varyTokens(_ response: Response) -> [String] { StackFixture.tokens(response.headers, "Vary") }

    @Test(arguments: [
        ("gzip", ContentCoding.gzip), ("deflate", .deflate), ("gzip, deflate, br", .gzip), ("br, deflate", .deflate),
        ("gzip;q=0.5, deflate;q=0.9", .deflate), ("deflate;q=0.5, gzip", .gzip), ("gzip;q=0, deflate", .deflate),
        ("GZIP", .gzip), ("x-gzip", .gzip), ("*", .gzip), ("*;q=0.1, deflate;q=0", .gzip),
        ("identity;q=0.5, deflate;q=0.6", .deflate), (" deflate ; q=1.000 ", .deflate),
    ])
    func negotiatedCodingDecodesBackToTheOriginal(header: String, coding: ContentCoding) async throws {
        let response = try await compress(acceptEncoding: header)
        #expect(response.headers.values("Content-Encoding") == [coding.rawValue])
        #expect(response.body.count < Self.original.count)
        #expect(try Inflater.decompress(response.body, coding: coding, maxOutput: 1 << 20) == Self.original)
        #expect(Self.varyTokens(response) == ["accept-encoding"])
        #expect(response.headers["Content-Type"] == "application/json; charset=utf-8")
        #expect(!response.headers.contains("Content-Length"))
        let figures = metrics.families().first { $0.name == "eloquent_compression_responses_total" }
        #expect(figures?.samples.first?.value == 1)
    }

    @Test(arguments: [
        "gzip;q=2", "gzip;q=abc", "gzip;q=0.1234", "gzip;q=", "gzip;q=-1", "gzip;foo=bar", "gzip\u{1}", "gz ip",
        ";;;,,,", "q=1", ",", "", "   ", "gzip;;q=1", "gzip;q=1;q=1", "\"gzip\"", "gzip/deflate", "identity", "br",
        "*;q=0", "gzip;q=0, deflate;q=0", "gzip;q=0.5, identity;q=1", "\u{FEFF}gzip", "gzíp",
        String(repeating: "gzip;q=1.0x,", count: 20_000), String(repeating: ";", count: 100_000),
        String(repeating: "a", count: 100_000),
    ])
    func malformedOrRefusingHeadersNeverSelectAnEncoding(header: String) async throws {
        let response = try await compress(acceptEncoding: header)
        #expect(!response.headers.contains("Content-Encoding"))
        #expect(response.body == Self.original)
        #expect(Self.varyTokens(response) == ["accept-encoding"])
    }

    @Test func aMalformedElementDoesNotSpoilAValidOne() async throws {
        let response = try await compress(acceptEncoding: "gzip;q=7, deflate;q=0.2")
        #expect(response.headers["Content-Encoding"] == "deflate")
    }

    @Test func noAcceptEncodingMeansIdentityButVaryIsStillSent() async throws {
        let response = try await compress(acceptEncoding: nil)
        #expect(!response.headers.contains("Content-Encoding"))
        #expect(response.body == Self.original)
        #expect(Self.varyTokens(response) == ["accept-encoding"])
    }

    @Test func headAndHTTP10AreNotCompressed() async throws {
        for response in [try await compress(acceptEncoding: "gzip", method: "HEAD"),
                         try await compress(acceptEncoding: "gzip", version: .http1_0)] {
            #expect(!response.headers.contains("Content-Encoding"))
            #expect(response.body == Self.original)
            #expect(Self.varyTokens(response) == ["accept-encoding"])
        }
    }

    @Test(arguments: [
        (200, "audio/mpeg", Array(MiddlewareCompressionTests.original)), (200, "image/png", original),
        (200, "application/zip", original), (200, "video/mp4", original), (200, "application/octet-stream", original),
        (404, "application/json", original), (500, "application/json", original), (206, "text/plain", original),
        (302, "text/html", original), (200, "application/json", Array(original.prefix(1023))),
        (200, "text/plain", []), (200, "text/event-stream", original),
    ])
    func skippedResponsesAreLeftAsTheyAre(status: Int, contentType: String, body: [UInt8]) async throws {
        let response = try await compress(acceptEncoding: "gzip, deflate") { _ in
            Response(status: status, headers: HTTPHeaders([("Content-Type", contentType)]), body: body)
        }
        #expect(response.status == status)
        #expect(!response.headers.contains("Content-Encoding"))
        #expect(response.body == body)
        #expect(Self.varyTokens(response) == ["accept-encoding"])
    }

    @Test func aBodyAlreadyEncodedIsNotEncodedTwice() async throws {
        let response = try await compress(acceptEncoding: "gzip") { _ in
            Response(status: 200, headers: HTTPHeaders([("Content-Type", "application/json"), ("Content-Encoding", "br")]),
                     body: Self.original)
        }
        #expect(response.headers.values("Content-Encoding") == ["br"])
        #expect(response.body == Self.original)
    }

    @Test func atTheMinimumSizeTheBodyIsCompressed() async throws {
        let body = Array(Self.original.prefix(1024))
        let response = try await compress(acceptEncoding: "gzip") { _ in
            Response(status: 200, headers: HTTPHeaders([("Content-Type", "text/plain")]), body: body)
        }
        #expect(response.headers["Content-Encoding"] == "gzip")
        #expect(try Inflater.decompress(response.body, coding: .gzip, maxOutput: 4096) == body)
    }

    @Test func incompressibleBytesAreSentAsTheyAre() async throws {
        var generator = SplitMix64(seed: 42)
        let noise = (0..<8192).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let response = try await compress(acceptEncoding: "gzip") { _ in
            Response(status: 200, headers: HTTPHeaders([("Content-Type", "text/plain")]), body: noise)
        }
        #expect(!response.headers.contains("Content-Encoding"))
        #expect(response.body == noise)
    }

    @Test func anExistingVaryIsKeptAndAcceptEncodingNotRepeated() async throws {
        let withOrigin = try await compress(acceptEncoding: "gzip") { _ in
            var response = Response.json(String(decoding: Self.original, as: UTF8.self))
            response.headers.add("Vary", "Origin")
            return response
        }
        #expect(Set(Self.varyTokens(withOrigin)) == ["origin", "accept-encoding"])
        let already = try await compress(acceptEncoding: "gzip") { _ in
            var response = Response.json("{}")
            response.headers.add("Vary", "accept-encoding")
            return response
        }
        #expect(Self.varyTokens(already) == ["accept-encoding"])
    }

    @Test func anErrorFromNextBecomesAResponseWithVary() async throws {
        let response = try await compress(acceptEncoding: "gzip") { _ in throw HTTPError(409, "conflict") }
        #expect(response.status == 409)
        #expect(Self.varyTokens(response) == ["accept-encoding"])
    }
}
