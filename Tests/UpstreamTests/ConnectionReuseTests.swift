import Testing
import Upstream

extension UpstreamLive {
    @Suite struct ConnectionReuse {
        @Test func sequentialCallsShareOneConnection() async throws {
            let fixture = try PoolFixture()
            for index in 0..<50 {
                let response = try await fixture.get("/delay/0/r\(index)")
                #expect(response.body == Array("r\(index)".utf8))
            }
            #expect(fixture.server.snapshot.accepted == 1)
            let stats = fixture.pool.stats()
            #expect(stats.totalRequests == 50)
            #expect(stats.newConnections == 1)
            #expect(stats.reusedConnections == 49)
            #expect(stats.openConnections == 1)
            #expect(stats.idleConnections == 1)
            #expect(stats.activeTransfers == 0)
            await fixture.finish()
        }

        @Test func perHostLimitCapsConcurrentConnections() async throws {
            let fixture = try PoolFixture { $0.maxConnectionsPerHost = 2 }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<10 {
                    group.addTask {
                        let response = try await fixture.get("/delay/100/p\(index)")
                        #expect(response.body == Array("p\(index)".utf8))
                    }
                }
                try await group.waitForAll()
            }
            let counts = fixture.server.snapshot
            #expect(counts.requests == 10)
            #expect(counts.maxOpen <= 2)
            #expect(counts.accepted <= 2)
            await fixture.finish()
        }

        @Test func connectionClosedByTheServerIsReplacedNotAnError() async throws {
            let fixture = try PoolFixture()
            let first = try await fixture.get("/respond-then-close")
            #expect(first.body == Array("bye".utf8))
            #expect(await eventually { fixture.server.snapshot.closed == 1 })
            let body = Array(repeating: UInt8(ascii: "b"), count: 70_000)
            let second = try await fixture.pool.send(UpstreamRequest(method: "POST", url: fixture.server.url("/echo"), body: body))
            #expect(second.body == body)
            #expect(fixture.server.snapshot.accepted == 2)
            await fixture.finish()
        }

        @Test func idleConnectionsAreClosedInTheBackground() async throws {
            let fixture = try PoolFixture { $0.idleTimeout = .seconds(1) }
            _ = try await fixture.get("/echo")
            #expect(fixture.server.snapshot.open == 1)
            let closed = await eventually { fixture.server.snapshot.closed == 1 }
            #expect(closed, "the idle connection was never closed")
            #expect(fixture.pool.stats().idleClosed == 1)
            let again = try await fixture.get("/echo")
            #expect(again.status == 200)
            #expect(fixture.server.snapshot.accepted == 2)
            await fixture.finish()
        }
    }
}
