public import Basics
import JWTKit
import Synchronization

/// Verifies access tokens locally and remembers the identities it has verified.
///
/// A token is accepted only if its header names exactly the configured algorithm (HS256 with
/// an HMAC secret; never `none`, never an algorithm of another key type), its signature
/// checks out with jwt-kit, and its claims pass ``ClaimRules``: `exp` required, `nbf` when
/// present, `aud` containing `authenticated`, `iss` when configured, non-empty `sub`.
///
/// Clock skew: `exp` and `nbf` are checked with ``clockSkewLeeway`` seconds of tolerance, so
/// a token is accepted until 30 s past its `exp`, and from 30 s before its `nbf`. The cache
/// never keeps an identity past `exp` itself.
///
/// The cache hit path (``cachedIdentity(for:)``) is synchronous: a hash and a lock, no
/// suspension. A miss verifies asynchronously (``verifyAndCache(_:)``).
public final class TokenVerifier: Sendable {
    /// Longest token accepted; anything larger is refused before it is parsed.
    public static let maxTokenBytes = 8 * 1024
    /// Tolerance, in seconds, for clock skew on `exp` and `nbf`.
    public static let clockSkewLeeway = 30
    /// Shortest HMAC secret accepted (the size of an HS256 digest).
    public static let minimumSecretBytes = 32

    let configuration: TokenVerifierConfiguration
    private let keySource: any VerificationKeySource
    private let rules: ClaimRules
    private let clock: EpochClock
    private let cache: TokenCache
    private let verifications = Atomic<Int>(0)

    /// A verifier of HS256 tokens signed with `secret` (`SUPABASE_JWT_SECRET` or the local secret).
    public convenience init(
        hs256Secret secret: String, configuration: TokenVerifierConfiguration = .init(),
        clock: EpochClock = .system
    ) throws(IdentitySetupError) {
        let bytes = secret.utf8.count
        guard bytes >= Self.minimumSecretBytes else { throw .secretTooShort(bytes: bytes) }
        self.init(keySource: HMACKeySource(secret: secret), configuration: configuration, clock: clock)
    }

    package init(keySource: any VerificationKeySource, configuration: TokenVerifierConfiguration, clock: EpochClock) {
        self.configuration = configuration
        self.keySource = keySource
        self.rules = ClaimRules(audience: configuration.audience, issuer: configuration.issuer,
                                leeway: Self.clockSkewLeeway)
        self.clock = clock
        self.cache = TokenCache(capacity: configuration.maxCacheEntries, maxBytes: configuration.maxCacheBytes)
    }

    /// The identity of `token`: from the cache when present, else verified and cached.
    public func verify(_ token: String) async throws(AuthFailure) -> Identity {
        if let identity = cachedIdentity(for: token) { return identity }
        return try await verifyAndCache(token)
    }

    /// The cached identity of `token`, without suspending; `nil` on a miss (counted).
    public func cachedIdentity(for token: String) -> Identity? {
        guard configuration.cacheTTL > 0, token.utf8.count <= Self.maxTokenBytes else { return nil }
        return cache.lookup(TokenDigest(of: token), now: clock.now())
    }

    /// Verifies `token` without looking in the cache (call it after ``cachedIdentity(for:)``
    /// missed), then caches the identity for `cacheTTL`, never past the token's `exp`.
    public func verifyAndCache(_ token: String) async throws(AuthFailure) -> Identity {
        let admission = admissionTicket()
        let identity = try await verifyUncached(token)
        admit(identity, for: token, ticket: admission)
        return identity
    }

    /// What a verification that must pass further checks (logout, deletion) before its identity is cached takes
    /// first: an identity is admitted only if nothing was evicted since (``admit(_:for:ticket:)``).
    public struct AdmissionTicket: Sendable {
        fileprivate let generation: UInt64
    }

    public func admissionTicket() -> AdmissionTicket { AdmissionTicket(generation: cache.generation) }

    /// Verifies `token` (signature and claims) without caching it: cache it with ``admit(_:for:ticket:)`` once the
    /// caller's own checks pass.
    public func verifyWithoutCaching(_ token: String) async throws(AuthFailure) -> Identity {
        try await verifyUncached(token)
    }

    /// Caches `identity` for `token` for `cacheTTL` (never past its `exp`), unless an eviction happened after
    /// `ticket` was taken (a logout or deletion that the caller's checks may have missed).
    public func admit(_ identity: Identity, for token: String, ticket: AdmissionTicket) {
        guard configuration.cacheTTL > 0, token.utf8.count <= Self.maxTokenBytes else { return }
        let now = clock.now()
        let until = min(now + configuration.cacheTTL, identity.expiresAt)
        cache.store(identity, for: TokenDigest(of: token), expiresAt: until, now: now, ifGeneration: ticket.generation)
    }

    /// Forgets `token` (logout). Returns whether it was cached.
    @discardableResult
    public func evict(token: String) -> Bool {
        cache.evict(TokenDigest(of: token))
    }

    /// Forgets every cached identity (for example after a key change).
    public func removeAllCached() {
        cache.removeAll()
    }

    /// Applies what another part of the service (or another instance) changed: a revoked token, a deleted account,
    /// or "anything" are dropped from the cache; other events do not concern identities.
    public func apply(_ event: Invalidation) {
        switch event {
        case .token(let hex):
            if let digest = TokenDigest(hex: hex) { cache.evict(digest) }
        case .deletedUser(let id):
            cache.evict(userID: id)
        case .everything:
            cache.removeAll()
        case .user, .usage:
            break
        }
    }

    /// Cache hits, misses and size, for `/metrics`.
    public var cacheStats: TokenCacheStats { cache.stats }

    /// Approximate bytes the cached identities hold (bounded by `maxCacheBytes`).
    public var cacheBytes: Int { cache.bytes }

    /// Full verifications attempted (signature and claims), successful or not.
    var verificationCount: Int { verifications.load(ordering: .relaxed) }

    func verifyUncached(_ token: String) async throws(AuthFailure) -> Identity {
        verifications.add(1, ordering: .relaxed)
        let jwt = try CompactJWT(token, maxBytes: Self.maxTokenBytes)
        let alg = jwt.header.alg
        guard keySource.algorithms.contains(alg) else {
            throw .invalidToken(reason: "algorithm \(Self.logSafe(alg)) not accepted")
        }
        guard jwt.header.crit == nil else { throw .invalidToken(reason: "crit header not supported") }
        guard !jwt.signature.isEmpty else { throw .invalidToken(reason: "missing signature") }
        let key = try await keySource.key(kid: jwt.header.kid, alg: alg)
        guard key.name == alg else {
            throw .invalidToken(reason: "key is \(key.name), token says \(Self.logSafe(alg))")
        }
        let valid: Bool
        do {
            valid = try key.verify(jwt.signature, signs: jwt.signingInput)
        } catch {
            throw .invalidToken(reason: "signature check failed: \(error)")
        }
        guard valid else { throw .invalidToken(reason: "bad signature") }
        let claims = try TokenClaims.decode(jwt.payload)
        return try rules.identity(from: claims, now: clock.now()).bounded()
    }

    /// A header value fit for a log line: printable ASCII, at most 32 characters.
    private static func logSafe(_ value: String) -> String {
        let printable = value.unicodeScalars.prefix(32).map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : "?" }
        return "\"" + String(printable) + "\""
    }
}
