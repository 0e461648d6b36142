/// Per-key state of the sliding-window-counter approximation.
///
/// Why this and not an exact log of timestamps: memory. The counter keeps two counts (this fixed
/// window and the previous one) in a few dozen bytes per key whatever the limit, where an exact log
/// bounded by `limit` costs 8 bytes per allowed request (800 bytes per key at the default limit of
/// 100, so 800 MB at a million clients). The price is exactness: the previous window's count is
/// assumed spread evenly, so a client that bunched its requests at the end of one window can get up
/// to about twice the limit across the boundary. For a 15-minute abuse limit that is acceptable.
///
/// Time is in whole milliseconds and the sliding window at `now` is `(now - window, now]`. At
/// offset `x` into the current fixed window, `window - 1 - x` of the previous window's milliseconds
/// are still inside it, so the estimate of requests in the sliding window is
/// `current + floor(previous * (window - 1 - x) / window)`. A request is allowed while the estimate
/// is below the limit; refused requests are not counted (a client that keeps hammering is not
/// locked out forever).
package struct SlidingWindowCounter: Sendable {
    /// Longest window the arithmetic accepts (about 24.8 days); longer ones are clamped.
    static let maximumWindow: Int64 = 1 << 31
    /// Largest limit the arithmetic accepts; larger ones are clamped.
    static let maximumLimit = Int(Int32.max)
    /// Clock values are clamped to `0...latestInstant` so that no product can overflow.
    static let latestInstant: Int64 = 1 << 60

    /// Index of the current fixed window (`now / window`).
    private(set) var windowIndex: Int64
    private(set) var current: UInt32 = 0
    private(set) var previous: UInt32 = 0
    /// The instant from which both counts are zero: the state is then the same as no state.
    private(set) var expiresAt: Int64
    /// The latest `now` this key was hit at, allowed or not (for least-recently-used eviction).
    private(set) var lastSeen: Int64

    /// A key never hit before.
    init(now: Int64, window: Int64) {
        let now = Self.clamp(now: now)
        windowIndex = now / Self.clamp(window: window)
        expiresAt = now
        lastSeen = now
    }

    /// True when the state is the same as no state and the key can be forgotten.
    func isExpired(now: Int64) -> Bool { now >= expiresAt }

    /// Counts one request at `now` if it is within `limit`, and describes the outcome.
    mutating func hit(now: Int64, limit: Int, window: Int64) -> RateLimitDecision {
        let now = Self.clamp(now: now)
        let window = Self.clamp(window: window)
        let limit = min(limit, Self.maximumLimit)
        lastSeen = max(lastSeen, now)
        guard limit > 0 else {
            return RateLimitDecision(allowed: false, limit: 0, remaining: 0,
                                     resetSeconds: Self.seconds(window))
        }
        roll(to: now, window: window)
        // A clock that went back counts as the start of the current window.
        let offset = min(max(now - windowIndex * window, 0), window - 1)
        let used = Int(current) + Self.weighted(Int(previous), offset: offset, window: window)
        guard used < limit else {
            let wait = waitUntilUsed(atMost: limit - 1, offset: offset, window: window)
            return RateLimitDecision(allowed: false, limit: limit, remaining: 0,
                                     resetSeconds: Self.seconds(wait))
        }
        current += 1
        expiresAt = (windowIndex + 2) * window
        let wait = waitUntilUsed(atMost: used, offset: offset, window: window)
        return RateLimitDecision(allowed: true, limit: limit, remaining: limit - used - 1,
                                 resetSeconds: Self.seconds(wait))
    }

    /// Moves the fixed windows forward to the one holding `now` (never backward).
    private mutating func roll(to now: Int64, window: Int64) {
        let index = now / window
        guard index > windowIndex else { return }
        previous = index == windowIndex + 1 ? current : 0
        current = 0
        windowIndex = index
        expiresAt = (windowIndex + (previous > 0 ? 1 : 0)) * window
    }

    /// Milliseconds from `offset` until the estimate drops to `target` or below, with no new hits.
    private func waitUntilUsed(atMost target: Int, offset: Int64, window: Int64) -> Int64 {
        Self.waitUntilUsed(atMost: target, current: Int(current), previous: Int(previous), offset: offset, window: window)
    }

    private static func waitUntilUsed(atMost target: Int, current: Int, previous: Int, offset: Int64, window: Int64) -> Int64 {
        if let x = firstOffset(current: current, previous: previous, target: target, from: offset, window: window) {
            return x - offset
        }
        // In the next fixed window this window's count becomes the previous one.
        if let x = firstOffset(current: 0, previous: current, target: target, from: 0, window: window) {
            return window - offset + x
        }
        return 2 * window - offset
    }

    /// The decision `hit` would have made, from counts kept elsewhere by the same arithmetic (the shared store's
    /// script): `current` and `previous` after the hit, `offset` into the fixed window, `used` the estimate before it.
    package static func decision(allowed: Bool, used: Int, current: Int, previous: Int, offset: Int64,
                                 limit: Int, window: Int64) -> RateLimitDecision {
        let window = clamp(window: window)
        let limit = min(limit, maximumLimit)
        guard limit > 0 else {
            return RateLimitDecision(allowed: false, limit: 0, remaining: 0, resetSeconds: seconds(window))
        }
        let target = allowed ? used : limit - 1
        let wait = waitUntilUsed(atMost: target, current: current, previous: previous, offset: offset, window: window)
        return RateLimitDecision(allowed: allowed, limit: limit, remaining: allowed ? limit - used - 1 : 0,
                                 resetSeconds: seconds(wait))
    }

    /// The first offset `x` in `from..<window` with `current + weighted(previous, x) <= target`.
    private static func firstOffset(current: Int, previous: Int, target: Int,
                                    from: Int64, window: Int64) -> Int64? {
        let spare = target - current
        guard spare >= 0 else { return nil }
        guard previous > 0 else { return from }
        // floor(p (W-1-x) / W) <= s  <=>  p (W-1-x) < (s+1) W  <=>  x >= W - ceil((s+1) W / p)
        let p = Int64(previous)
        let needed = (Int64(spare + 1) * window + p - 1) / p
        let x = max(from, window - needed)
        return x < window ? x : nil
    }

    private static func weighted(_ previous: Int, offset: Int64, window: Int64) -> Int {
        Int(Int64(previous) * (window - 1 - offset) / window)
    }

    private static func clamp(window: Int64) -> Int64 { min(max(window, 1), maximumWindow) }

    private static func clamp(now: Int64) -> Int64 { min(max(now, 0), latestInstant) }

    /// Whole seconds, rounded up, at least 1.
    private static func seconds(_ milliseconds: Int64) -> Int {
        Int(max(1, (milliseconds + 999) / 1000))
    }
}
