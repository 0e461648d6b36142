import Testing
import Upstream

extension UpstreamLive {
    @Suite struct RoundTrip {
        @Test func getCarriesHeadersBothWays() async throws {
            let fixture = try PoolFixture()
            let response = try await fixture.get("/echo", headers: [("X-Test", "value 1")])
            #expect(response.status == 200)
            #expect(response.header("x-echo") == "value 1")
            #expect(response.header("X-METHOD") == "GET")
            #expect(response.body == Array("hello".utf8))
            let head = fixture.server.snapshot.lastRequestHead
            #expect(head.hasPrefix("GET /echo HTTP/1.1\r\n"))
            #expect(head.contains("User-Agent: eloquent-server\r\n"))
            #expect(!head.contains("Expect:"))
            await fixture.finish()
        }

        @Test func postSendsTheWholeBodyAndGetsItBack() async throws {
            let fixture = try PoolFixture()
            var generator = SystemRandomNumberGenerator()
            let body = (0..<300_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let request = UpstreamRequest(method: "POST", url: fixture.server.url("/echo"),
                                          headers: [("Content-Type", "application/octet-stream")], body: body)
            let response = try await fixture.pool.send(request)
            #expect(response.status == 200)
            #expect(response.header("X-Method") == "POST")
            #expect(response.body == body)
            let head = fixture.server.snapshot.lastRequestHead
            #expect(head.contains("Content-Length: 300000\r\n"))
            #expect(head.contains("Content-Type: application/octet-stream\r\n"))
            #expect(!head.contains("Expect:"))
            await fixture.finish()
        }

        @Test(arguments: ["PUT", "PATCH", "DELETE"])
        func otherMethodsGoOutAsNamed(method: String) async throws {
            let fixture = try PoolFixture()
            let body = method == "DELETE" ? [] : Array("payload".utf8)
            let response = try await fixture.pool.send(UpstreamRequest(method: method, url: fixture.server.url("/echo"), body: body))
            #expect(response.header("X-Method") == method)
            #expect(response.body == (body.isEmpty ? Array("hello".utf8) : body))
            await fixture.finish()
        }

        @Test func errorStatusesAreResponsesNotErrors() async throws {
            let fixture = try PoolFixture()
            let response = try await fixture.get("/missing")
            #expect(response.status == 404)
            #expect(response.body == Array("not found".utf8))
            #expect(fixture.pool.stats().errors.isEmpty)
            await fixture.finish()
        }
    }
}
