import Basics
import Crypto
import Synchronization

/// Verified identities by SHA-256 of their token (the token itself is never stored), with
/// hit and miss counters. Bounded in entries and in bytes: an identity holds only the claims the
/// server uses, each capped in length (``Identity/bounded()``), and the entries' total bytes never
/// pass `maxBytes`. Thread-safe; hashing happens outside the lock.
final class TokenCache: Sendable {
    private struct State {
        var storage: BoundedExpiringCache<SHA256.Digest, Identity>
        var hits: UInt64 = 0
        var misses: UInt64 = 0
    }

    private let state: Mutex<State>

    init(capacity: Int, maxBytes: Int = TokenVerifierConfiguration.defaultMaxCacheBytes) {
        state = Mutex(State(storage: BoundedExpiringCache(capacity: capacity, maxCost: maxBytes)))
    }

    static func key(for token: String) -> SHA256.Digest {
        SHA256.hash(data: Array(token.utf8))
    }

    /// The cached identity of `token` at `now`, counting a hit or a miss.
    func lookup(_ token: String, now: Int) -> Identity? {
        let key = Self.key(for: token)
        return state.withLock { state in
            let found = state.storage.value(for: key, now: now)
            if found == nil { state.misses += 1 } else { state.hits += 1 }
            return found
        }
    }

    func store(_ identity: Identity, for token: String, expiresAt: Int, now: Int) {
        let key = Self.key(for: token)
        let bounded = identity.bounded()
        state.withLock { $0.storage.insert(bounded, for: key, expiresAt: expiresAt, now: now, cost: bounded.approximateBytes) }
    }

    @discardableResult
    func evict(_ token: String) -> Bool {
        let key = Self.key(for: token)
        return state.withLock { $0.storage.remove(key) }
    }

    func removeAll() {
        state.withLock { $0.storage.removeAll() }
    }

    /// The approximate bytes the cached identities hold.
    var bytes: Int { state.withLock { $0.storage.totalCost } }

    var stats: TokenCacheStats {
        state.withLock {
            TokenCacheStats(hits: $0.hits, misses: $0.misses, entries: $0.storage.count,
                            evictions: $0.storage.evictions, capacity: $0.storage.capacity)
        }
    }
}

/// Figures of the verified-identity cache, for `/metrics` and `/stats`.
public struct TokenCacheStats: Sendable, Equatable {
    /// Lookups answered from the cache.
    public var hits: UInt64
    /// Lookups that found nothing usable (absent or expired).
    public var misses: UInt64
    /// Entries held now (some may have expired and not yet been swept).
    public var entries: Int
    /// Entries dropped to stay within capacity.
    public var evictions: UInt64
    /// The most entries the cache holds.
    public var capacity: Int

    public init(hits: UInt64, misses: UInt64, entries: Int, evictions: UInt64, capacity: Int) {
        self.hits = hits
        self.misses = misses
        self.entries = entries
        self.evictions = evictions
        self.capacity = capacity
    }
}
