import Synchronization

/// What a write changed, for every cache that may hold a copy of it (SPEC section 10): on one process the caches are
/// told at once; with `REDIS_URL` the event is also published so that every other instance drops its copy.
public enum Invalidation: Sendable, Hashable {
    /// A user's row (settings, plan, role, billing account) or what is derived from it (usage figures, cached
    /// `GET /api/...` responses) changed.
    case user(String)
    /// A user's usage changed (a charge, a reset): what is derived from it (cached usage figures and responses), not
    /// the row.
    case usage(String)
    /// A token was revoked by logout (its SHA-256, hex).
    case token(String)
    /// An account was deleted: its rows and every token or key standing for it are gone.
    case deletedUser(String)
    /// Anything may have changed (an instance that missed events, e.g. after its Redis subscription came back).
    case everything

    /// The event as one line on the wire (`u:<id>`, `g:<id>`, `t:<hash>`, `d:<id>`, `*`).
    public var wire: String {
        switch self {
        case .user(let id): "u:" + id
        case .usage(let id): "g:" + id
        case .token(let hash): "t:" + hash
        case .deletedUser(let id): "d:" + id
        case .everything: "*"
        }
    }

    /// Nil for a line that is not an event (unknown kinds are ignored, not guessed at).
    public init?(wire: String) {
        if wire == "*" { self = .everything; return }
        let bytes = Array(wire.utf8)
        guard bytes.count > 2, bytes[1] == UInt8(ascii: ":") else { return nil }
        let rest = String(decoding: bytes[2...], as: UTF8.self)
        switch bytes[0] {
        case UInt8(ascii: "u"): self = .user(rest)
        case UInt8(ascii: "g"): self = .usage(rest)
        case UInt8(ascii: "t"): self = .token(rest)
        case UInt8(ascii: "d"): self = .deletedUser(rest)
        default: return nil
        }
    }
}

/// Where writes announce what they changed and caches listen. `publish` tells this process's subscribers
/// synchronously (before it returns) and, for a shared bus, every other instance soon after.
public protocol InvalidationBus: Sendable {
    func publish(_ event: Invalidation)
    /// Adds a listener for every event, local or from another instance. Listeners run on any thread and must be quick.
    func subscribe(_ listener: @escaping @Sendable (Invalidation) -> Void)
}

/// The one-process bus: subscribers are called in the publisher's thread.
public final class LocalInvalidationBus: InvalidationBus {
    private let listeners = Mutex<[@Sendable (Invalidation) -> Void]>([])

    public init() {}

    public func publish(_ event: Invalidation) { deliver(event) }

    public func subscribe(_ listener: @escaping @Sendable (Invalidation) -> Void) {
        listeners.withLock { $0.append(listener) }
    }

    /// Calls every listener with `event` (what a shared bus does with events from other instances too).
    public func deliver(_ event: Invalidation) {
        for listener in listeners.withLock({ $0 }) { listener(event) }
    }
}
