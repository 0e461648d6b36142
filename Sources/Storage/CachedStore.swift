import Synchronization

/// A user-row cache in front of any `Store`: `user(id:)` answers from memory for `ttl`
/// (`USER_CACHE_TTL`), at most `capacity` users, and every write that changes a user row drops
/// that user's entry (`CachedStore+Invalidation.swift`). Every other requirement is forwarded
/// unchanged (`ForwardingStore`); writes that leave the row unchanged (usage, devices) keep it.
public final class CachedStore: ForwardingStore {
    public let base: any Store
    private let cache: Mutex<UserCache>
    private let now: @Sendable () -> ContinuousClock.Instant

    /// A `ttl` of zero or a `capacity` of zero turns caching off. `now` is injectable for tests.
    public init(
        _ base: any Store, ttl: Duration, capacity: Int = 10_000,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        self.base = base
        self.cache = Mutex(UserCache(ttl: ttl, capacity: capacity))
        self.now = now
    }

    /// Users currently held (expired ones included until they are looked up or evicted).
    public var cachedUserCount: Int { cache.withLock { $0.count } }

    public func user(id: String) async throws -> UserRecord? {
        let instant = now()
        let (cached, generation) = cache.withLock { ($0.user(id, now: instant), $0.generation) }
        if let cached { return cached }
        guard let user = try await base.user(id: id) else { return nil }
        let filled = now()
        cache.withLock { $0.insert(user, now: filled, ifGeneration: generation) }
        return user
    }

    /// Drops the cached rows of `ids` once `body` is done, whether it succeeded or not.
    func invalidating<T>(_ ids: [String], _ body: () async throws -> T) async throws -> T {
        defer { cache.withLock { cache in ids.forEach { cache.invalidate($0) } } }
        return try await body()
    }
}
