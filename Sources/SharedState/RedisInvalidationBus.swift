public import Basics
public import Logging
import Synchronization

/// The invalidation bus shared by every instance through Redis (`REDIS_URL`, SPEC section 10).
///
/// `publish` tells this process's listeners at once (before it returns), then sends `PUBLISH <channel> "<instance>
/// <event.wire>"` through the shared `RedisClient` without waiting (a failure is counted and logged once per outage,
/// never thrown). A subscription on a connection of its own (`RedisSubscriber`) hands the other instances' events to the
/// same listeners; this instance's own messages coming back are ignored, and so is anything on the channel that is
/// not an event (counted).
///
/// While Redis is unreachable nothing fails: events stay local, the subscription is retried with a backoff, and when
/// it is back every listener gets `.everything` (events may have been missed), logged once.
///
/// Closing the `RedisClient` closes the bus too (so does `close()`).
public final class RedisInvalidationBus: InvalidationBus {
    public static let defaultChannel = "eloquent:invalidate"

    /// What a bus has done, for `/metrics`.
    public struct Stats: Sendable, Equatable {
        /// Events sent to Redis (Redis accepted the `PUBLISH`).
        public var published: Int
        /// Events that could not be sent (Redis unreachable or refusing); they reached this process's listeners only.
        public var publishFailures: Int
        /// Events from other instances handed to the listeners.
        public var received: Int
        /// Messages on the channel that were not an event from another instance (malformed, unknown kind), ignored.
        public var malformed: Int
        /// This instance's own events coming back from Redis, ignored (they were delivered when published).
        public var ownEchoes: Int
        /// Times the subscription came back after a loss (each delivered `.everything`).
        public var resubscriptions: Int
        /// Whether the subscription is up now.
        public var subscribed: Bool
    }

    public let redis: RedisClient
    public let channel: String
    /// This process's id on the channel (random; no space).
    public let instanceID: String
    private let inbox: Inbox
    private let subscriber: RedisSubscriber

    /// Subscribes to `channel` (on a connection of its own, to `redis.endpoint`). Throws only when the subscription's
    /// loop thread cannot start; Redis being unreachable is not an error.
    public init(redis: RedisClient, logger: Logger, channel: String = RedisInvalidationBus.defaultChannel,
                minimumBackoff: Duration = .milliseconds(100), maximumBackoff: Duration = .seconds(2)) throws {
        self.redis = redis
        self.channel = channel
        instanceID = String(UInt64.random(in: 1...UInt64.max), radix: 16)
        let inbox = Inbox(instanceID: instanceID, logger: logger)
        self.inbox = inbox
        subscriber = try RedisSubscriber(
            endpoint: redis.endpoint, channel: channel, minimumBackoff: minimumBackoff, maximumBackoff: maximumBackoff,
            handlers: .init(message: { inbox.message($0) }, subscribed: { inbox.subscribed(afterLoss: $0) },
                            lost: { inbox.lost($0) }))
        redis.onClose { [subscriber] in subscriber.close() }
    }

    public func publish(_ event: Invalidation) {
        inbox.local.deliver(event)
        redis.send(["PUBLISH", channel, instanceID + " " + event.wire]) { [inbox] result in inbox.sent(result) }
    }

    public func subscribe(_ listener: @escaping @Sendable (Invalidation) -> Void) {
        inbox.local.subscribe(listener)
    }

    public var stats: Stats { inbox.stats }

    /// Stops the subscription (publishing then only reaches this process); returns whether its loop closed with no
    /// leaked handle. The `RedisClient` is not closed (its owner does that).
    @discardableResult
    public func close() -> Bool { subscriber.close() }

    /// How one message on the channel is read: `<instance> <wire>`, nil for anything else. The instance is what comes
    /// before the first space, the event all that follows.
    static func decode(_ payload: String) -> (sender: Substring, event: Invalidation?)? {
        guard let space = payload.firstIndex(of: " "), space != payload.startIndex else { return nil }
        return (payload[..<space], Invalidation(wire: String(payload[payload.index(after: space)...])))
    }
}

/// The bus' state shared with its subscription's handlers (which run on the subscription's loop thread) and the
/// client's completions (on the client's loop thread).
private final class Inbox: Sendable {
    let local = LocalInvalidationBus()
    let instanceID: String
    let logger: Logger
    private let published = Atomic<Int>(0)
    private let publishFailures = Atomic<Int>(0)
    private let received = Atomic<Int>(0)
    private let malformed = Atomic<Int>(0)
    private let ownEchoes = Atomic<Int>(0)
    private let resubscriptions = Atomic<Int>(0)
    /// 0 never subscribed yet, 1 subscribed, 2 lost (a warning was logged).
    private let state = Atomic<Int>(0)
    /// True from a failed publish until one succeeds.
    private let publishDegraded = Atomic<Bool>(false)

    init(instanceID: String, logger: Logger) {
        self.instanceID = instanceID
        self.logger = logger
    }

    var stats: RedisInvalidationBus.Stats {
        .init(published: published.load(ordering: .relaxed), publishFailures: publishFailures.load(ordering: .relaxed),
              received: received.load(ordering: .relaxed), malformed: malformed.load(ordering: .relaxed),
              ownEchoes: ownEchoes.load(ordering: .relaxed), resubscriptions: resubscriptions.load(ordering: .relaxed),
              subscribed: state.load(ordering: .relaxed) == 1)
    }

    func sent(_ result: Result<RedisValue, RedisError>) {
        if case .success(.integer) = result {
            published.add(1, ordering: .relaxed)
            publishDegraded.store(false, ordering: .relaxed)
            return
        }
        publishFailures.add(1, ordering: .relaxed)
        if !publishDegraded.exchange(true, ordering: .relaxed) {
            let reason: String = switch result {
            case .failure(let error): "\(error)"
            case .success(let value): "unexpected reply \(value)"
            }
            logger.warning("Redis unreachable: cache invalidations reach this instance only until it returns",
                           metadata: ["error": "\(reason)"])
        }
    }

    func message(_ payload: String) {
        guard let (sender, event) = RedisInvalidationBus.decode(payload) else {
            malformed.add(1, ordering: .relaxed)
            return
        }
        if sender == instanceID {
            ownEchoes.add(1, ordering: .relaxed)
            return
        }
        guard let event else {
            malformed.add(1, ordering: .relaxed)
            return
        }
        local.deliver(event)
        received.add(1, ordering: .relaxed)  // after the listeners ran: a reader of the count sees their effect
    }

    func subscribed(afterLoss: Bool) {
        state.store(1, ordering: .relaxed)
        guard afterLoss else { return }
        logger.info("Redis subscription back: every cache dropped, other instances' changes reach this one again")
        local.deliver(.everything)
        resubscriptions.add(1, ordering: .relaxed)
    }

    func lost(_ reason: String) {
        if state.exchange(2, ordering: .relaxed) != 2 {
            logger.warning("Redis subscription lost: other instances' changes do not reach this one until it returns",
                           metadata: ["error": "\(reason)"])
        }
    }
}
