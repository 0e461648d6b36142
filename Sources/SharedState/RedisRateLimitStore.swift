public import Logging
public import RateLimit
import Synchronization

/// The rate limiter's counters in Redis (`REDIS_URL`), so that every instance counts against one limit (SPEC
/// section 10). One hit is one atomic Lua script running the same sliding-window-counter arithmetic as the in-process
/// store (`SlidingWindowCounter`), on Redis' own clock so that instances' clocks do not matter.
///
/// Redis unreachable: hits are counted in process (`fallback`), a warning is logged once per outage and every such
/// hit is counted (`fallbackHits`, shown in `/metrics`); nothing fails. The client reconnects by itself, and the next
/// hit that reaches Redis logs the recovery.
public final class RedisRateLimitStore: RateLimitStore {
    public let redis: RedisClient
    let fallback = InMemoryRateLimitStore()
    let logger: Logger
    let keyPrefix: String
    private let degraded = Atomic<Bool>(false)
    private let fallbacks = Atomic<Int>(0)

    /// `keyPrefix` namespaces the keys (instances of one deployment share it).
    public init(redis: RedisClient, logger: Logger, keyPrefix: String = "eloquent:ratelimit:") {
        self.redis = redis
        self.logger = logger
        self.keyPrefix = keyPrefix
    }

    /// Hits counted in process because Redis could not be used.
    public var fallbackHits: Int { fallbacks.load(ordering: .relaxed) }
    /// True from a failed hit until one reaches Redis again.
    public var isDegraded: Bool { degraded.load(ordering: .relaxed) }

    /// KEYS[1] the key; ARGV[1] window (ms), ARGV[2] limit. Returns {allowed, used, offset, current, previous}.
    static let script = """
        local window = tonumber(ARGV[1])
        local limit = tonumber(ARGV[2])
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local index = math.floor(now / window)
        local s = redis.call('HMGET', KEYS[1], 'w', 'c', 'p')
        local w = tonumber(s[1]) or index
        local c = tonumber(s[2]) or 0
        local p = tonumber(s[3]) or 0
        if index > w then
          if index == w + 1 then p = c else p = 0 end
          c = 0
          w = index
        end
        local offset = now - w * window
        if offset < 0 then offset = 0 end
        if offset > window - 1 then offset = window - 1 end
        local used = c + math.floor(p * (window - 1 - offset) / window)
        local allowed = 0
        if used < limit then
          c = c + 1
          allowed = 1
        end
        redis.call('HSET', KEYS[1], 'w', w, 'c', c, 'p', p)
        redis.call('PEXPIRE', KEYS[1], 2 * window)
        return {allowed, used, offset, c, p}
        """

    public func hit(key: String, now: Int64, limit: Int, window: Int64) async -> RateLimitDecision {
        let window = min(max(window, 1), 1 << 31)
        guard limit > 0 else { return fallback.hitSync(key: key, now: now, limit: limit, window: window) }
        do {
            let reply = try await redis.command(["EVAL", Self.script, "1", keyPrefix + key, String(window), String(limit)])
            guard case .array(let values) = reply, values.count == 5,
                  let allowed = values[0].integer, let used = values[1].integer, let offset = values[2].integer,
                  let current = values[3].integer, let previous = values[4].integer else {
                throw RedisError.reply("unexpected script reply \(reply)")
            }
            if degraded.exchange(false, ordering: .relaxed) {
                logger.info("Redis reachable again: one rate limit across instances")
            }
            return SlidingWindowCounter.decision(allowed: allowed == 1, used: used, current: current, previous: previous,
                                                 offset: Int64(offset), limit: limit, window: window)
        } catch {
            if !degraded.exchange(true, ordering: .relaxed) {
                logger.warning("Redis unreachable: rate limits are counted per instance until it returns",
                               metadata: ["error": "\(error)"])
            }
            fallbacks.add(1, ordering: .relaxed)
            return fallback.hitSync(key: key, now: now, limit: limit, window: window)
        }
    }

    public var keyCount: Int { fallback.keyCount }

    @discardableResult
    public func sweep(now: Int64) -> Int { fallback.sweep(now: now) }
}
