import Testing
import Upstream

extension UpstreamLive {
    @Suite struct Failures {
        @Test func serverThatNeverAnswersTimesOut() async throws {
            let fixture = try PoolFixture { $0.requestTimeout = .milliseconds(300) }
            let error = await upstreamFailure { try await fixture.get("/never") }
            #expect(error?.reason == .timeout)
            #expect(fixture.pool.stats().errors[.timeout] == 1)
            await fixture.finish()
        }

        @Test func requestTimeoutOverridesThePools() async throws {
            let fixture = try PoolFixture()
            let error = await upstreamFailure {
                try await fixture.get("/never", timeout: .milliseconds(200))
            }
            #expect(error?.reason == .timeout)
            await fixture.finish()
        }

        @Test func refusedConnectionIsTyped() async throws {
            let closed = try TestServer()
            let url = closed.url("/echo")
            #expect(closed.stop() == 0)
            let fixture = try PoolFixture()
            let error = await upstreamFailure {
                try await fixture.pool.send(UpstreamRequest(url: url))
            }
            #expect(error?.reason == .connectRefused)
            #expect(error?.pool == "groq")
            let description = error.map { String(describing: $0) } ?? ""
            #expect(description.contains("groq") && description.contains("127.0.0.1:\(closed.port)"))
            #expect(!description.contains("\n"))
            #expect(fixture.pool.stats().errors[.connectRefused] == 1)
            await fixture.finish()
        }

        @Test(arguments: ["/truncate", "/close"])
        func serverClosingMidResponseIsAProtocolError(path: String) async throws {
            let fixture = try PoolFixture()
            let error = await upstreamFailure { try await fixture.get(path) }
            guard case .protocolError = error?.reason else {
                Issue.record("expected a protocol error, got \(String(describing: error))")
                await fixture.finish()
                return
            }
            #expect(fixture.pool.stats().errors[.protocolError] == 1)
            await fixture.finish()
        }

        @Test func responseOverTheLimitIsRefused() async throws {
            let fixture = try PoolFixture { $0.maxResponseBytes = 64 * 1024 }
            let small = try await fixture.get("/big/1000")
            #expect(small.body.count == 1000)
            let error = await upstreamFailure { try await fixture.get("/big/1000000") }
            #expect(error?.reason == .responseTooLarge)
            #expect(fixture.pool.stats().errors[.responseTooLarge] == 1)
            await fixture.finish()
        }
    }
}
