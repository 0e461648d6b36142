public import Basics
import Synchronization

/// A user-row cache in front of any `Store`: `user(id:)` answers from memory for `ttl`
/// (`USER_CACHE_TTL`), at most `capacity` users, and every write that changes a user row drops
/// that user's entry (`CachedStore+Invalidation.swift`). Every other requirement is forwarded
/// unchanged (`ForwardingStore`); writes that leave the row unchanged (usage, devices) keep it.
///
/// It is also where the store's writes are announced on the `InvalidationBus` (SPEC section 10): a user-row write
/// publishes `.user`, a usage write `.usage`, a logout `.token`, a deletion's tombstone `.deletedUser`, an API key
/// change `.user`. This cache listens on the same bus, so a write on another instance (with Redis) drops the row
/// here too.
public final class CachedStore: ForwardingStore {
    public let base: any Store
    private let rows: UserRows
    private let now: @Sendable () -> ContinuousClock.Instant
    let bus: any InvalidationBus

    /// A `ttl` of zero or a `capacity` of zero turns caching off. `now` is injectable for tests.
    public init(
        _ base: any Store, ttl: Duration, capacity: Int = 10_000, bus: any InvalidationBus = LocalInvalidationBus(),
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        self.base = base
        let rows = UserRows(UserCache(ttl: ttl, capacity: capacity))
        self.rows = rows
        self.now = now
        self.bus = bus
        // The listener holds the rows alone (not this store), so the bus keeps no store alive.
        bus.subscribe { event in rows.apply(event) }
    }

    /// Users currently held (expired ones included until they are looked up or evicted).
    public var cachedUserCount: Int { rows.state.withLock { $0.count } }

    public func user(id: String) async throws -> UserRecord? {
        let instant = now()
        let (cached, generation) = rows.state.withLock { ($0.user(id, now: instant), $0.generation) }
        if let cached { return cached }
        guard let user = try await base.user(id: id) else { return nil }
        let filled = now()
        rows.state.withLock { $0.insert(user, now: filled, ifGeneration: generation) }
        return user
    }

    /// Announces `events` once `body` is done, whether it succeeded or not (a failed write may still have changed
    /// the row); this cache drops the rows named by them as every listener does.
    func announcing<T>(_ events: [Invalidation], _ body: () async throws -> T) async throws -> T {
        defer { events.forEach(bus.publish) }
        return try await body()
    }

    /// Drops the cached rows of `ids` (here and, with a shared bus, everywhere) once `body` is done.
    func invalidating<T>(_ ids: [String], _ body: () async throws -> T) async throws -> T {
        try await announcing(ids.map(Invalidation.user), body)
    }
}

/// The cached rows, shared by the store and its listener on the bus.
private final class UserRows: Sendable {
    let state: Mutex<UserCache>

    init(_ cache: UserCache) { state = Mutex(cache) }

    func apply(_ event: Invalidation) {
        state.withLock { cache in
            switch event {
            case .user(let id), .deletedUser(let id): cache.invalidate(id)
            case .everything: cache.invalidateAll()
            case .usage, .token: break
            }
        }
    }
}
