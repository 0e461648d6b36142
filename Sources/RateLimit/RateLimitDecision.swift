/// The outcome of one rate-limited request: whether it may proceed, and the figures for the
/// `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset` and `Retry-After` headers.
///
/// Invariants (enforced by the initialiser): `remaining` is never negative; a refused request has
/// `resetSeconds >= 1` and `retryAfterSeconds >= 1`; an allowed request has `retryAfterSeconds == 0`.
public struct RateLimitDecision: Sendable, Equatable {
    /// Whether the request may proceed.
    public let allowed: Bool
    /// The number of requests allowed per window.
    public let limit: Int
    /// Requests still allowed right now, after this one was counted (never negative).
    public let remaining: Int
    /// Seconds until the window frees a slot (one more request than now would be allowed).
    public let resetSeconds: Int
    /// Seconds a refused client should wait before retrying; 0 when allowed.
    public let retryAfterSeconds: Int

    /// Creates a decision, clamping the figures to the invariants above.
    public init(allowed: Bool, limit: Int, remaining: Int, resetSeconds: Int) {
        self.allowed = allowed
        self.limit = max(0, limit)
        self.remaining = allowed ? max(0, remaining) : 0
        self.resetSeconds = allowed ? max(0, resetSeconds) : max(1, resetSeconds)
        self.retryAfterSeconds = allowed ? 0 : self.resetSeconds
    }
}
