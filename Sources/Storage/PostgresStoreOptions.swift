/// Tuning of a `PostgresStore`. The defaults suit the server.
public struct PostgresStoreOptions: Sendable, Hashable {
    /// Connections to the database, used by one operation at a time each (at least 1).
    public var poolSize: Int
    /// How long opening one connection (TCP, TLS, authentication) may take before the call fails
    /// with `StorageError.unavailable`.
    public var connectTimeout: Duration
    /// Apply pending migrations while opening. A newer schema is refused either way.
    public var migrateOnOpen: Bool

    public init(poolSize: Int = 4, connectTimeout: Duration = .seconds(10), migrateOnOpen: Bool = true) {
        self.poolSize = poolSize
        self.connectTimeout = connectTimeout
        self.migrateOnOpen = migrateOnOpen
    }
}
