import Testing
import Upstream

extension UpstreamLive {
    /// Against nginx over TLS (skipped where nginx or openssl is missing).
    @Suite(.enabled(if: TLSServer.available, "needs /usr/sbin/nginx and /usr/bin/openssl"))
    struct TLSAndHTTP2 {
        @Test func untrustedCertificateIsATLSError() async throws {
            let server = try await TLSServer()
            defer { server.stop() }
            let fixture = try PoolFixture()
            let error = await upstreamFailure { try await fixture.pool.send(UpstreamRequest(url: server.url)) }
            guard case .tls(let message) = error?.reason else {
                Issue.record("expected a TLS error, got \(String(describing: error))")
                await fixture.finish()
                return
            }
            #expect(!message.isEmpty)
            #expect(fixture.pool.stats().errors[.tls] == 1)
            await fixture.finish()
        }

        @Test func concurrentRequestsShareOneHTTP2Connection() async throws {
            let server = try await TLSServer()
            defer { server.stop() }
            let fixture = try PoolFixture { $0.caBundlePath = server.certificatePath }
            let url = server.url
            let bodies = try await withThrowingTaskGroup(of: [UInt8].self) { group in
                for _ in 0..<20 { group.addTask { try await fixture.pool.send(UpstreamRequest(url: url)).body } }
                var all: [[UInt8]] = []
                for try await body in group { all.append(body) }
                return all
            }
            #expect(bodies.count == 20 && bodies.allSatisfy { $0 == Array("h2 ok".utf8) })
            let stats = fixture.pool.stats()
            #expect(stats.newConnections == 1)
            #expect(stats.reusedConnections == 19)
            let log = try server.accessLog()
            #expect(log.count == 20)
            #expect(log.allSatisfy { $0.hasPrefix("HTTP/2.0 ") })
            #expect(Set(log.map { $0.split(separator: " ").last ?? "" }).count == 1, "requests spread over connections")
            await fixture.finish()
        }
    }
}
