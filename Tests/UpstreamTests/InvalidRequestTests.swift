import Testing
import Upstream

extension UpstreamLive {
    @Suite struct InvalidRequests {
        static let hostile: [(method: String, path: String, headers: [(String, String)])] = [
            ("GET", "/echo", [("X-Test", "a\r\nX-Injected: 1")]),
            ("GET", "/echo", [("X-Test", "a\nb")]),
            ("GET", "/echo", [("Bad Name", "x")]),
            ("GET", "/echo", [("", "x")]),
            ("GET", "/echo", [("Content-Length", "5")]),
            ("GET", "/echo", [("Transfer-Encoding", "chunked")]),
            ("GE T", "/echo", []),
            ("GET\r\n", "/echo", []),
            ("", "/echo", []),
            ("GET", "/echo x", []),
            ("GET", "/echo\r\nX: y", []),
        ]

        @Test(arguments: 0..<hostile.count)
        func hostileRequestsNeverReachTheServer(index: Int) async throws {
            let fixture = try PoolFixture()
            let (method, path, headers) = Self.hostile[index]
            let request = UpstreamRequest(method: method, url: fixture.server.url(path), headers: headers)
            let error = await upstreamFailure { try await fixture.pool.send(request) }
            guard case .invalidRequest = error?.reason else {
                Issue.record("expected invalidRequest, got \(String(describing: error))")
                await fixture.finish()
                return
            }
            #expect(fixture.server.snapshot.requests == 0)
            await fixture.finish()
        }

        @Test(arguments: ["ftp://127.0.0.1/x", "file:///etc/passwd", "http:///nohost", "127.0.0.1/x", ""])
        func onlyHTTPURLsWithAHostAreSent(url: String) async throws {
            let fixture = try PoolFixture()
            let error = await upstreamFailure {
                try await fixture.pool.send(UpstreamRequest(url: url))
            }
            guard case .invalidRequest = error?.reason else {
                Issue.record("expected invalidRequest, got \(String(describing: error))")
                await fixture.finish()
                return
            }
            await fixture.finish()
        }
    }
}
