import Basics
import Logging
import SharedState

/// The bus every cache listens on and every write publishes to (SPEC section 10).
enum InvalidationSetup {
    /// One process: the local bus. With `REDIS_URL`: the same, shared with every instance through Redis (closed with
    /// the `RedisClient`, which `Application.shutdown()` closes).
    static func bus(config: Config, redis: RedisClient?, logger: Logger) -> any InvalidationBus {
        guard let redis else { return LocalInvalidationBus() }
        do {
            // Pub/sub channels are not per database: the database number keeps deployments that share one Redis
            // (each on its own database) out of each other's invalidations.
            return try RedisInvalidationBus(
                redis: redis, logger: logger,
                channel: RedisInvalidationBus.defaultChannel + ":" + String(redis.endpoint.database))
        } catch {
            // Only a loop thread that cannot start gets here: this instance's caches then hear only its own writes.
            logger.critical("cannot subscribe to cache invalidations: caches are not shared across instances",
                            metadata: ["error": "\(error)"])
            return LocalInvalidationBus()
        }
    }
}
