import Testing
import Upstream

extension UpstreamLive {
    @Suite struct Cancellation {
        @Test func cancellingTheTaskAbortsTheTransfer() async throws {
            let fixture = try PoolFixture()
            let task = Task { () async throws -> UpstreamResponse in try await fixture.get("/never") }
            #expect(await eventually { fixture.server.snapshot.requests == 1 })
            task.cancel()
            let error = await upstreamFailure { try await task.value }
            #expect(error?.reason == .cancelled)
            #expect(await eventually { fixture.server.snapshot.abandoned == 1 }, "the server never saw the connection close")
            let stats = fixture.pool.stats()
            #expect(stats.errors[.cancelled] == 1)
            #expect(stats.activeTransfers == 0)
            let after = try await fixture.get("/echo")
            #expect(after.status == 200)
            await fixture.finish()
        }

        @Test func cancellingATransferWaitingForAConnectionLeavesTheOthers() async throws {
            let fixture = try PoolFixture { $0.maxConnectionsPerHost = 1 }
            // Long enough that the first transfer still holds the only connection when the queued one is cancelled,
            // even on a loaded machine (at 300 ms it sometimes finished first and the queued one went out).
            let first = Task { () async throws -> UpstreamResponse in try await fixture.get("/delay/3000/first") }
            #expect(await eventually { fixture.server.snapshot.requests == 1 })
            let queued = Task { () async throws -> UpstreamResponse in try await fixture.get("/echo") }
            #expect(await eventually { fixture.pool.stats().activeTransfers == 2 })
            queued.cancel()
            let error = await upstreamFailure { try await queued.value }
            #expect(error?.reason == .cancelled)
            let response = try await first.value
            #expect(response.body == Array("first".utf8))
            #expect(fixture.server.snapshot.requests == 1)
            #expect(fixture.server.snapshot.abandoned == 0)
            await fixture.finish()
        }

        @Test func alreadyCancelledTaskSendsNothing() async throws {
            let fixture = try PoolFixture()
            let task = Task { () async throws -> UpstreamResponse in
                withUnsafeCurrentTask { $0?.cancel() }
                return try await fixture.get("/echo")
            }
            let error = await upstreamFailure { try await task.value }
            #expect(error?.reason == .cancelled)
            #expect(fixture.server.snapshot.requests == 0)
            await fixture.finish()
        }

        @Test func shutdownCancelsEverythingInFlight() async throws {
            let fixture = try PoolFixture()
            let tasks = (0..<3).map { _ in
                Task { () async throws -> UpstreamResponse in try await fixture.get("/never") }
            }
            #expect(await eventually { fixture.server.snapshot.requests == 3 })
            await fixture.pool.shutdown()
            for task in tasks {
                let error = await upstreamFailure { try await task.value }
                #expect(error?.reason == .cancelled)
            }
            let late = await upstreamFailure { try await fixture.get("/echo") }
            #expect(late?.reason == .cancelled)
            #expect(await eventually { fixture.server.snapshot.open == 0 })
            let stats = fixture.pool.stats()
            #expect(stats.openConnections == 0 && stats.activeTransfers == 0)
            await fixture.finish()
        }
    }
}
