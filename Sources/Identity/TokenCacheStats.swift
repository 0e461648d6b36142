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
