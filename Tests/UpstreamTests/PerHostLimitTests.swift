import Testing
import Upstream

extension UpstreamLive {
    /// `MAX_IDLE_CONNS_PER_HOST` caps idle connections only; `MAX_CONNS_PER_HOST` caps busy and idle ones.
    @Suite struct PerHostLimits {
        @Test func idleLimitDoesNotCapBusyConnections() async throws {
            let fixture = try PoolFixture { $0.maxIdlePerHost = 2; $0.maxConnectionsPerHost = 0 }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<12 {
                    group.addTask {
                        let response = try await fixture.get("/delay/300/b\(index)")
                        #expect(response.body == Array("b\(index)".utf8))
                    }
                }
                try await group.waitForAll()
            }
            // All twelve ran at once on their own connections: the idle limit of 2 did not queue them.
            #expect(fixture.server.snapshot.maxOpen == 12)
            // Once they finished, only two of the twelve stay open for reuse.
            let trimmed = await eventually { fixture.server.snapshot.open == 2 }
            #expect(trimmed, "open after the burst: \(fixture.server.snapshot.open)")
            let stats = fixture.pool.stats()
            #expect(stats.idleConnections == 2)
            #expect(stats.idleClosed == 10)
            #expect(stats.connectionWaits == 12)
            // The next request reuses one of the two kept.
            _ = try await fixture.get("/echo")
            #expect(fixture.server.snapshot.accepted == 12)
            await fixture.finish()
        }

        /// With a busy cap of 3 and an idle cap of 1, a connection that frees up while transfers queue goes to the next
        /// of them instead of being closed as surplus idle (and a new one opened): the burst runs on the first three.
        /// Once the queue is empty the idle cap applies again.
        @Test func idleCapSparesConnectionsThatQueuedTransfersWaitFor() async throws {
            let fixture = try PoolFixture { $0.maxConnectionsPerHost = 3; $0.maxIdlePerHost = 1 }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<12 {
                    group.addTask {
                        let response = try await fixture.get("/delay/50/q\(index)")
                        #expect(response.body == Array("q\(index)".utf8))
                    }
                }
                try await group.waitForAll()
            }
            #expect(fixture.server.snapshot.accepted == 3)
            #expect(fixture.server.snapshot.requests == 12)
            let trimmed = await eventually { fixture.server.snapshot.open == 1 }
            #expect(trimmed, "open after the burst: \(fixture.server.snapshot.open)")
            #expect(fixture.pool.stats().idleClosed == 2)
            await fixture.finish()
        }

        @Test func connectionLimitHoldsAndTheWaitIsCounted() async throws {
            let fixture = try PoolFixture { $0.maxConnectionsPerHost = 3; $0.maxIdlePerHost = 10 }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<9 {
                    group.addTask {
                        let response = try await fixture.get("/delay/200/c\(index)")
                        #expect(response.body == Array("c\(index)".utf8))
                    }
                }
                try await group.waitForAll()
            }
            let counts = fixture.server.snapshot
            #expect(counts.requests == 9)
            #expect(counts.maxOpen == 3)
            let stats = fixture.pool.stats()
            #expect(stats.connectionWaits == 9)
            // Six of the nine waited for a busy connection to finish a 200 ms request; the queue shows in the sum.
            #expect(stats.connectionWaitMaxSeconds >= 0.2)
            #expect(stats.connectionWaitSeconds >= 6 * 0.2)
            await fixture.finish()
        }
    }
}
