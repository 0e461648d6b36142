import Testing
import Upstream

extension UpstreamLive {
    @Suite struct Concurrency {
        @Test func fiveHundredConcurrentRequestsGetTheirOwnBodiesWithoutNewThreads() async throws {
            let fixture = try PoolFixture { $0.maxPerHost = 64 }
            _ = try await fixture.get("/echo")  // warm-up: the loops and the task pool have their threads
            let threadsBefore = threadCount()
            let results = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<500 {
                    group.addTask {
                        let response = try await fixture.get("/delay/20/c\(index)")
                        return response.status == 200 && response.body == Array("c\(index)".utf8)
                    }
                }
                let inFlight = await eventually { fixture.pool.stats().activeTransfers >= 400 }
                #expect(inFlight)
                #expect(threadCount() == threadsBefore)
                var all: [Bool] = []
                for try await result in group { all.append(result) }
                return all
            }
            #expect(results.count == 500)
            #expect(results.allSatisfy { $0 })
            #expect(threadCount() == threadsBefore)
            let stats = fixture.pool.stats()
            #expect(stats.totalRequests == 501)
            #expect(stats.newConnections <= 64 + 1)
            #expect(fixture.server.snapshot.maxOpen <= 64)
            await fixture.finish()
        }
    }
}
