import Synchronization

/// The embedded store: one SQLite file (`eloquent.sqlite3`) in the data directory, in WAL mode.
///
/// One writer connection on its own serial queue takes every write, so writes never wait on each
/// other's locks; `readerCount` read-only connections, each on its own queue, serve reads in turn
/// and see every committed write. No SQLite call ever runs on the caller's thread.
public final class SQLiteStore: Store {
    /// The database file's name inside the data directory.
    public static let fileName = "eloquent.sqlite3"

    /// Full path of the database file.
    public let path: String
    let writer: SQLiteLane
    let readers: [SQLiteLane]
    let migrator: Migrator
    private let nextReader = Atomic<UInt>(0)

    private init(path: String, writer: SQLiteLane, readers: [SQLiteLane], migrator: Migrator) {
        self.path = path
        self.writer = writer
        self.readers = readers
        self.migrator = migrator
    }

    /// Opens (creating the directory and file when missing) the store in `directory`, applies
    /// pending migrations unless told not to, and refuses a database from a newer version.
    public static func open(directory: String, options: SQLiteStoreOptions = SQLiteStoreOptions()) async throws -> SQLiteStore {
        try await open(directory: directory, options: options, migrations: Schema.migrations)
    }

    /// Opens with a given list of migrations (tests build databases at earlier versions with it).
    static func open(directory: String, options: SQLiteStoreOptions, migrations: [Migration]) async throws -> SQLiteStore {
        let path = DataDirectory.filePath(directory: directory, fileName: fileName)
        let migrator = Migrator(migrations: migrations)
        let timeout = options.busyTimeoutMilliseconds
        let writer = SQLiteLane(label: "eloquent.storage.writer")
        try await writer.open {
            try DataDirectory.create(directory)
            let connection = try SQLiteConnection(path: path, busyTimeoutMilliseconds: timeout)
            try connection.configureAsWriter()
            try migrator.refuseNewer(connection)
            if options.migrateOnOpen { _ = try migrator.migrate(connection) }
            return connection
        }
        var readers: [SQLiteLane] = []
        do {
            for index in 0..<max(1, options.readerCount) {
                let reader = SQLiteLane(label: "eloquent.storage.reader.\(index)")
                try await reader.open {
                    let connection = try SQLiteConnection(path: path, busyTimeoutMilliseconds: timeout)
                    try connection.configureAsReader()
                    return connection
                }
                readers.append(reader)
            }
        } catch {
            for reader in readers { try? await reader.close() }
            try? await writer.close()
            throw error
        }
        return SQLiteStore(path: path, writer: writer, readers: readers, migrator: migrator)
    }

    public func migrate() async throws -> MigrationReport {
        let migrator = migrator
        return try await writer.perform("migrate") { try migrator.migrate($0) }
    }

    /// The highest migration version applied to the file.
    public func schemaVersion() async throws -> Int {
        let migrator = migrator
        return try await writer.perform("read schema version") { try migrator.currentVersion($0) }
    }

    public func close() async throws {
        var firstError: (any Error)?
        for lane in readers + [writer] {
            do { try await lane.close() } catch { firstError = firstError ?? error }
        }
        if let firstError { throw firstError }
    }

    /// Runs `body` on the writer connection.
    @discardableResult
    func write<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await writer.perform(operation, body)
    }

    /// Runs `body` on the next reader connection.
    func read<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        let turn = nextReader.wrappingAdd(1, ordering: .relaxed).oldValue
        return try await readers[Int(turn % UInt(readers.count))].perform(operation, body)
    }
}

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
