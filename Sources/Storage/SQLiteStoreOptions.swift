/// Tuning of a `SQLiteStore`. The defaults suit the server.
public struct SQLiteStoreOptions: Sendable, Hashable {
    /// Read-only connections, each on its own serial queue, used in turn (at least 1).
    public var readerCount: Int
    /// How long a connection waits for another process's lock before failing with `SQLITE_BUSY`.
    public var busyTimeoutMilliseconds: Int
    /// Apply pending migrations while opening. `eloquent-server migrate` opens without, then
    /// calls `migrate()` to report what it applied. A newer schema is refused either way.
    public var migrateOnOpen: Bool

    public init(readerCount: Int = 2, busyTimeoutMilliseconds: Int = 5_000, migrateOnOpen: Bool = true) {
        self.readerCount = readerCount
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.migrateOnOpen = migrateOnOpen
    }
}
