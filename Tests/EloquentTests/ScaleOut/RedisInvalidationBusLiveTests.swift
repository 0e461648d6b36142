import Basics
import Foundation
import Logging
import Synchronization
import Testing
import TestSupport
@testable import SharedState

/// What one listener on a bus heard, in order.
final class InvalidationRecorder: Sendable {
    private let heard = Mutex<[Invalidation]>([])

    init(_ bus: any InvalidationBus) {
        bus.subscribe { [self] event in heard.withLock { $0.append(event) } }
    }

    var events: [Invalidation] { heard.withLock { $0 } }
}

extension RedisLive {
    /// Two or three `RedisInvalidationBus`es on the one Redis of `scripts/with-redis`, each with a client of its own as
    /// instances have: events cross between them, come back to none twice, junk on the channel is ignored, and an
    /// outage costs no publish and ends with `.everything`. Each test uses a channel of its own.
    @Suite struct RedisInvalidationBusLiveTests {
        static func endpoint() throws -> RedisEndpoint {
            let url = try RedisRateLimitLiveTests.variable("ELOQUENT_TEST_REDIS_URL")
            guard let endpoint = RedisEndpoint(url: url) else { throw StackTestError("unusable ELOQUENT_TEST_REDIS_URL") }
            return endpoint
        }

        static func freshChannel() -> String { "eloquent:test:invalidate:" + UUID().uuidString }

        /// Runs `body` with `count` buses on `channel` (each on its own client to `endpoint`), then closes them: every
        /// bus' loop must close with no leaked handle, whatever `body` did.
        static func buses(_ count: Int, endpoint: RedisEndpoint? = nil, channel: String = freshChannel(),
                          _ body: ([RedisInvalidationBus]) async throws -> Void) async throws {
            let endpoint = try endpoint ?? Self.endpoint()
            var clients: [RedisClient] = []
            var buses: [RedisInvalidationBus] = []
            var failure: (any Error)?
            do {
                for _ in 0..<count {
                    let client = try RedisClient(endpoint: endpoint)
                    clients.append(client)
                    buses.append(try RedisInvalidationBus(redis: client, logger: LiveApplication.quietLogger, channel: channel,
                                                          minimumBackoff: .milliseconds(50), maximumBackoff: .milliseconds(500)))
                }
                try await body(buses)
            } catch {
                failure = error
            }
            for bus in buses { #expect(bus.close(), "the subscription's loop closed with a leaked handle") }
            for client in clients { client.close() }
            if let failure { throw failure }
        }

        /// Waits until every bus' subscription is confirmed (before it, another bus' events would not reach it).
        static func subscribed(_ buses: [RedisInvalidationBus]) async throws {
            if try await !LiveApplication.eventually(within: 15, { buses.allSatisfy { $0.stats.subscribed } }) {
                throw StackTestError("a bus did not subscribe within 15 s")
            }
        }

        @Test func everyKindCrossesToTheOtherBusAndNoneComesBackTwice() async throws {
            try await Self.buses(2) { buses in
                let (a, b) = (buses[0], buses[1])
                let (heardA, heardB) = (InvalidationRecorder(a), InvalidationRecorder(b))
                try await Self.subscribed(buses)
                let events: [Invalidation] = [
                    .user("user-1"), .usage("user-1"), .token(String(repeating: "ab", count: 32)),
                    .deletedUser("odd:id with spaces\nand a newline \u{0} é"), .everything,
                ]
                for (index, event) in events.enumerated() {
                    a.publish(event)
                    // This process' listeners heard it before `publish` returned.
                    #expect(heardA.events.count == index + 1 && heardA.events.last == event)
                }
                #expect(try await LiveApplication.eventually(within: 15) { heardB.events.count >= events.count })
                #expect(heardB.events == events)  // one publisher: Redis keeps the order
                // A's own messages came back from Redis and were dropped: A heard each event exactly once.
                #expect(try await LiveApplication.eventually(within: 15) { a.stats.ownEchoes == events.count })
                #expect(heardA.events == events)
                // Counted when Redis' reply (A) and after the listeners ran (B): soon after, not necessarily yet.
                #expect(try await LiveApplication.eventually(within: 15) {
                    a.stats.published == events.count && b.stats.received == events.count
                })
                #expect(a.stats.publishFailures == 0 && a.stats.received == 0 && a.stats.malformed == 0)
                #expect(b.stats.malformed == 0 && b.stats.published == 0 && b.stats.ownEchoes == 0)

                b.publish(.user("from-b"))
                #expect(try await LiveApplication.eventually(within: 15) { heardA.events.count == events.count + 1 })
                #expect(heardA.events.last == .user("from-b"))
                #expect(heardB.events == events + [.user("from-b")])
                #expect(a.stats.resubscriptions == 0 && b.stats.resubscriptions == 0)
            }
        }

        @Test func threeBusesEachHearTheOthers() async throws {
            try await Self.buses(3) { buses in
                let heard = buses.map { InvalidationRecorder($0) }
                try await Self.subscribed(buses)
                for (index, bus) in buses.enumerated() { bus.publish(.user("from-\(index)")) }
                #expect(try await LiveApplication.eventually(within: 15) { heard.allSatisfy { $0.events.count >= 3 } })
                for recorder in heard {
                    #expect(Set(recorder.events) == [.user("from-0"), .user("from-1"), .user("from-2")])
                    #expect(recorder.events.count == 3)
                }
            }
        }

        @Test func junkOnTheChannelIsIgnoredAndCounted() async throws {
            let channel = Self.freshChannel()
            try await Self.buses(1, channel: channel) { buses in
                let bus = buses[0]
                let heard = InvalidationRecorder(bus)
                try await Self.subscribed(buses)
                let raw = try RedisClient(endpoint: try Self.endpoint())
                defer { raw.close() }
                let junk = ["", "no-space-at-all", " u:no-sender", "other x:1", "other u:", "other", "other U:1",
                            "other **", "other \u{FFFD}:1", "other\nu:1"]
                for message in junk {
                    #expect(try await raw.command(["PUBLISH", channel, message]) == .integer(1))
                }
                // Claiming to be this instance: taken for its own echo, not delivered.
                #expect(try await raw.command(["PUBLISH", channel, bus.instanceID + " u:spoofed"]) == .integer(1))
                // One well-formed event last: once it is heard, everything before it was read.
                #expect(try await raw.command(["PUBLISH", channel, "other u:real"]) == .integer(1))
                #expect(try await LiveApplication.eventually(within: 15) { !heard.events.isEmpty })
                #expect(heard.events == [.user("real")])
                #expect(bus.stats.malformed == junk.count && bus.stats.ownEchoes == 1)
                #expect(try await LiveApplication.eventually(within: 15) { bus.stats.received == 1 })
                #expect(bus.stats.subscribed)  // junk does not cost the subscription
            }
        }

        @Test func withNoRedisPublishingStaysLocalAndTheBusClosesCleanly() async throws {
            // A port nothing listens on: every connection is refused at once.
            let port = try StackBinary.freePort()
            let endpoint = try #require(RedisEndpoint(url: "redis://127.0.0.1:\(port)"))
            try await Self.buses(1, endpoint: endpoint) { buses in
                let bus = try #require(buses.first)
                let heard = InvalidationRecorder(bus)
                bus.publish(.user("alone"))
                #expect(heard.events == [.user("alone")])
                #expect(try await LiveApplication.eventually(within: 15) { bus.stats.publishFailures == 1 })
                #expect(!bus.stats.subscribed && bus.stats.published == 0)
            }
        }

        @Test func aRefusedPasswordLeavesTheBusLocalAndRetrying() async throws {
            var endpoint = try Self.endpoint()
            endpoint.password = "not-the-password"
            try await Self.buses(1, endpoint: endpoint) { buses in
                let bus = try #require(buses.first)
                let heard = InvalidationRecorder(bus)
                bus.publish(.deletedUser("someone"))
                #expect(heard.events == [.deletedUser("someone")])
                #expect(try await LiveApplication.eventually(within: 15) { bus.stats.publishFailures == 1 })
                try await Task.sleep(for: .milliseconds(300))  // several refused attempts (backoff from 50 ms)
                #expect(!bus.stats.subscribed && bus.stats.received == 0 && bus.stats.resubscriptions == 0)
            }
        }

        @Test func closingTheClientClosesTheBus() async throws {
            let client = try RedisClient(endpoint: try Self.endpoint())
            let bus = try RedisInvalidationBus(redis: client, logger: LiveApplication.quietLogger, channel: Self.freshChannel())
            try await Self.subscribed([bus])
            client.close()
            #expect(bus.close())  // already closed by the client: the same clean result
            let heard = InvalidationRecorder(bus)
            bus.publish(.token("after-close"))  // still local, never throws
            #expect(heard.events == [.token("after-close")])
        }

        @Test func aRedisRestartCostsNoPublishAndEndsWithEverythingThenLiveEvents() async throws {
            try await Self.buses(2) { buses in
                let (a, b) = (buses[0], buses[1])
                let (heardA, heardB) = (InvalidationRecorder(a), InvalidationRecorder(b))
                try await Self.subscribed(buses)
                try RedisRateLimitLiveTests.control("stop")
                do {
                    #expect(try await LiveApplication.eventually(within: 15) { !a.stats.subscribed && !b.stats.subscribed })
                    a.publish(.user("during-outage"))  // returns at once: heard here, counted as failed there
                    #expect(heardA.events == [.user("during-outage")])
                    #expect(try await LiveApplication.eventually(within: 15) { a.stats.publishFailures == 1 })
                    #expect(heardB.events.isEmpty)
                } catch {
                    try? RedisRateLimitLiveTests.control("start")
                    throw error
                }
                try RedisRateLimitLiveTests.control("start")
                // Both subscriptions come back by themselves; each bus tells its listeners that events may have been missed.
                #expect(try await LiveApplication.eventually(within: 30) { heardA.events.count == 2 && heardB.events.count == 1 })
                #expect(heardA.events == [.user("during-outage"), .everything])
                #expect(heardB.events == [.everything])
                #expect(a.stats.resubscriptions == 1 && b.stats.resubscriptions == 1)
                #expect(a.stats.subscribed && b.stats.subscribed)
                // Live again once A's client has its connection back (its first command after the outage may fail).
                var reachable = false
                for _ in 0..<150 where !reachable {
                    reachable = (try? await a.redis.command(["PING"])) == .status("PONG")
                    if !reachable { try await Task.sleep(for: .milliseconds(100)) }
                }
                #expect(reachable)
                a.publish(.token("after-restart"))
                #expect(try await LiveApplication.eventually(within: 15) { heardB.events.count == 2 })
                #expect(heardB.events == [.everything, .token("after-restart")])
                #expect(heardA.events == [.user("during-outage"), .everything, .token("after-restart")])
                #expect(try await LiveApplication.eventually(within: 15) { a.stats.published == 1 && b.stats.received == 1 })
            }
        }

        @Test func messagesAreReadAsSenderThenEvent() {
            #expect(RedisInvalidationBus.decode("abc u:1")?.sender == "abc")
            #expect(RedisInvalidationBus.decode("abc u:1")?.event == .user("1"))
            #expect(RedisInvalidationBus.decode("abc u:1 2")?.event == .user("1 2"))
            #expect(RedisInvalidationBus.decode("abc *")?.event == .everything)
            let empty = RedisInvalidationBus.decode("abc ")
            #expect(empty?.sender == "abc" && empty?.event == nil)
            for line in ["", " ", " u:1", "abc", "abcu:1", "abc\tu:1"] {
                #expect(RedisInvalidationBus.decode(line) == nil, "\(line)")
            }
        }
    }
}
