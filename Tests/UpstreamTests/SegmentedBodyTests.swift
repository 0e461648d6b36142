import Testing
import Upstream

extension UpstreamLive {
    /// A body given as segments goes out as their concatenation, also when libcurl rewinds it for a new connection.
    @Suite struct SegmentedBody {
        static let segments: [[UInt8]] = [
            Array("--head--".utf8),
            (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 13) },
            [],
            Array("--tail--".utf8),
        ]

        @Test func segmentsArriveJoined() async throws {
            let fixture = try PoolFixture()
            let response = try await fixture.pool.send(UpstreamRequest(url: fixture.server.url("/echo"), bodySegments: Self.segments))
            #expect(response.status == 200)
            #expect(response.body == Array(Self.segments.joined()))
            await fixture.finish()
        }

        @Test func segmentsAreResentWholeOnAFreshConnection() async throws {
            let fixture = try PoolFixture()
            _ = try await fixture.get("/respond-then-close")
            #expect(await eventually { fixture.server.snapshot.closed == 1 })
            let response = try await fixture.pool.send(UpstreamRequest(url: fixture.server.url("/echo"), bodySegments: Self.segments))
            #expect(response.body == Array(Self.segments.joined()))
            #expect(fixture.server.snapshot.accepted == 2)
            await fixture.finish()
        }
    }
}
