import Testing
import Upstream

extension UpstreamLive {
    @Suite struct Concurrency {
        /// Threads other suites of this test process may start while this test runs (the scale-out suites run up to
        /// three applications at once, each with its loops); a thread per transfer would still exceed it 6 times over.
        static let otherSuitesSlack = 64
        @Test func fiveHundredConcurrentRequestsGetTheirOwnBodiesWithoutNewThreads() async throws {
            // 64 connections at most, all kept between transfers: with a smaller idle cap the pool closes connections
            // that free up while transfers still queue for one, and opens new ones (a churn issue 10's note records).
            let fixture = try PoolFixture {
                $0.maxConnectionsPerHost = 64
                $0.maxIdlePerHost = 64
            }
            _ = try await fixture.get("/echo")  // warm-up: the loops and the task pool have their threads
            let threadsBefore = threadCount()
            let results = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<500 {
                    group.addTask {
                        // 600 ms each, 64 at a time: ≥ 400 stay in flight for about a second after the first goes
                        // out, room for the 500 tasks to start even when the rest of the suite keeps the shared
                        // task pool busy (with 20 ms, a loaded run finished the first ones before the last began).
                        let response = try await fixture.get("/delay/600/c\(index)")
                        return response.status == 200 && response.body == Array("c\(index)".utf8)
                    }
                }
                let inFlight = await eventually { fixture.pool.stats().activeTransfers >= 400 }
                #expect(inFlight)
                // 400+ transfers in flight cost no thread each. Other suites in this process start and stop
                // threads meanwhile, so allow a small slack instead of exact equality.
                #expect(threadCount() <= threadsBefore + Self.otherSuitesSlack)
                var all: [Bool] = []
                for try await result in group { all.append(result) }
                return all
            }
            #expect(results.count == 500)
            #expect(results.allSatisfy { $0 })
            #expect(threadCount() <= threadsBefore + Self.otherSuitesSlack)
            let stats = fixture.pool.stats()
            #expect(stats.totalRequests == 501)
            #expect(stats.newConnections <= 64 + 1)
            #expect(fixture.server.snapshot.maxOpen <= 64)
            await fixture.finish()
        }
    }
}
