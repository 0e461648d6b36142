import Basics
import Crypto
import Synchronization

/// A token's SHA-256: the key of the identity cache and, as `hex`, of logout revocations (SPEC section 10 publishes
/// it as `Invalidation.token`).
public struct TokenDigest: Hashable, Sendable {
    private let words: (UInt64, UInt64, UInt64, UInt64)

    public init(of token: String) {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        SHA256.hash(data: Array(token.utf8)).withUnsafeBytes { raw in
            words = (raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                     raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
        }
        self.words = words
    }

    /// Nil unless `hex` is 64 lowercase hexadecimal digits.
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var bytes = [UInt8](repeating: 0, count: 32)
        for index in 0..<32 {
            guard let high = Self.nibble(digits[2 * index]), let low = Self.nibble(digits[2 * index + 1]) else { return nil }
            bytes[index] = high << 4 | low
        }
        words = bytes.withUnsafeBytes { raw in
            (raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
             raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
        }
    }

    /// The digest as 64 lowercase hexadecimal digits.
    public var hex: String {
        var out = [UInt8]()
        out.reserveCapacity(64)
        withUnsafeBytes(of: words) { raw in
            for byte in raw {
                out.append(Self.digits[Int(byte >> 4)])
                out.append(Self.digits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func == (a: TokenDigest, b: TokenDigest) -> Bool {
        a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
    }

    private static let digits = Array("0123456789abcdef".utf8)

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}

/// Verified identities by SHA-256 of their token (the token itself is never stored), with
/// hit and miss counters. Bounded in entries and in bytes: an identity holds only the claims the
/// server uses, each capped in length (``Identity/bounded()``), and the entries' total bytes never
/// pass `maxBytes`. Thread-safe; hashing happens outside the lock.
///
/// `generation` changes whenever an entry is dropped for a reason other than expiry (logout, deletion, a flush): a
/// fill that began before such a drop (`insert(…, ifGeneration:)`) is not stored, so a check made before a logout
/// never puts the logged-out token back.
final class TokenCache: Sendable {
    private struct State {
        var storage: BoundedExpiringCache<TokenDigest, Identity>
        var hits: UInt64 = 0
        var misses: UInt64 = 0
        var generation: UInt64 = 0
    }

    private let state: Mutex<State>

    init(capacity: Int, maxBytes: Int = TokenVerifierConfiguration.defaultMaxCacheBytes) {
        state = Mutex(State(storage: BoundedExpiringCache(capacity: capacity, maxCost: maxBytes)))
    }

    /// The cached identity of `digest` at `now`, counting a hit or a miss.
    func lookup(_ digest: TokenDigest, now: Int) -> Identity? {
        state.withLock { state in
            let found = state.storage.value(for: digest, now: now)
            if found == nil { state.misses += 1 } else { state.hits += 1 }
            return found
        }
    }

    var generation: UInt64 { state.withLock { $0.generation } }

    /// Stores `identity` unless an entry was dropped since `ifGeneration` was read (nil: store regardless).
    func store(_ identity: Identity, for digest: TokenDigest, expiresAt: Int, now: Int, ifGeneration: UInt64? = nil) {
        let bounded = identity.bounded()
        state.withLock { state in
            if let ifGeneration, ifGeneration != state.generation { return }
            state.storage.insert(bounded, for: digest, expiresAt: expiresAt, now: now, cost: bounded.approximateBytes)
        }
    }

    @discardableResult
    func evict(_ digest: TokenDigest) -> Bool {
        state.withLock { state in
            state.generation &+= 1
            return state.storage.remove(digest)
        }
    }

    /// Drops every identity of `userID` (its account was deleted); returns how many.
    @discardableResult
    func evict(userID: String) -> Int {
        state.withLock { state in
            state.generation &+= 1
            return state.storage.removeAll { $0.userID == userID }
        }
    }

    func removeAll() {
        state.withLock { state in
            state.generation &+= 1
            state.storage.removeAll()
        }
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
