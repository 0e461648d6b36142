/// What ``TokenVerifier`` requires of a token and how long it remembers a verified one.
public struct TokenVerifierConfiguration: Sendable, Equatable {
    /// Supabase's audience for signed-in users.
    public static let defaultAudience = "authenticated"
    /// `TOKEN_CACHE_TTL`'s default, in seconds.
    public static let defaultCacheTTL = 300
    /// The most verified identities kept in memory.
    public static let defaultMaxCacheEntries = 100_000
    /// The most bytes the verified identities in memory hold together.
    public static let defaultMaxCacheBytes = 32 << 20

    /// A value `aud` must contain.
    public var audience: String
    /// The exact `iss` required, or `nil` to accept any (no `SUPABASE_URL`).
    public var issuer: String?
    /// Seconds a verified identity is reused (`TOKEN_CACHE_TTL`); never past the token's `exp`.
    /// `0` disables the cache.
    public var cacheTTL: Int
    /// The cache's bound.
    public var maxCacheEntries: Int
    /// The cache's bound in bytes (see ``TokenCache``).
    public var maxCacheBytes: Int

    public init(
        audience: String = Self.defaultAudience, issuer: String? = nil,
        cacheTTL: Int = Self.defaultCacheTTL, maxCacheEntries: Int = Self.defaultMaxCacheEntries,
        maxCacheBytes: Int = Self.defaultMaxCacheBytes
    ) {
        self.maxCacheBytes = max(0, maxCacheBytes)
        self.audience = audience
        self.issuer = issuer
        self.cacheTTL = max(0, cacheTTL)
        self.maxCacheEntries = max(0, maxCacheEntries)
    }

    /// The issuer of a Supabase project's tokens: `<SUPABASE_URL>/auth/v1` (trailing slashes
    /// of the URL ignored).
    public static func supabaseIssuer(supabaseURL: String) -> String {
        var base = Substring(supabaseURL)
        while base.hasSuffix("/") { base = base.dropLast() }
        return base + "/auth/v1"
    }
}

/// The `aud` claim: one string or an array of strings (RFC 7519 §4.1.3).
struct TokenAudience: Decodable {
    var values: [String]

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let single = try? c.decode(String.self) {
            values = [single]
        } else {
            values = try c.decode([String].self)
        }
    }
}
