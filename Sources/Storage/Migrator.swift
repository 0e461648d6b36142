/// Applies `Migration`s to a connection and refuses databases newer than it knows.
struct Migrator {
    let migrations: [Migration]

    init(migrations: [Migration]) {
        for (index, migration) in migrations.enumerated() {
            precondition(migration.version == index + 1, "migration versions must be 1, 2, 3, ... in order")
        }
        self.migrations = migrations
    }

    var knownVersion: Int { migrations.last?.version ?? 0 }

    /// The highest applied version; 0 for a database without `schema_migrations`.
    func currentVersion(_ connection: SQLiteConnection) throws -> Int {
        let operation = "read schema version"
        let hasTable = try connection.firstRow(
            "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'",
            operation: operation) { _ in true } ?? false
        guard hasTable else { return 0 }
        return try connection.firstRow(
            "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", operation: operation) { try $0.int(0) } ?? 0
    }

    /// Throws `StorageError.schemaTooNew` when the database has a version this program does not know.
    func refuseNewer(_ connection: SQLiteConnection) throws {
        let current = try currentVersion(connection)
        if current > knownVersion { throw StorageError.schemaTooNew(found: current, known: knownVersion) }
    }

    /// Applies each pending step in its own `BEGIN IMMEDIATE` transaction. The version is read
    /// again inside the transaction, so two processes migrating at once apply each step once.
    func migrate(_ connection: SQLiteConnection) throws -> MigrationReport {
        try refuseNewer(connection)
        try connection.executeScript("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY NOT NULL,
                applied_at INTEGER NOT NULL
            ) STRICT
            """, operation: "create schema_migrations")
        let before = try currentVersion(connection)
        var applied: [Int] = []
        for migration in migrations where migration.version > before {
            let operation = "migrate to version \(migration.version) (\(migration.name))"
            let didApply = try connection.transaction(immediate: true, operation: operation) {
                let current = try currentVersion(connection)
                if current > knownVersion { throw StorageError.schemaTooNew(found: current, known: knownVersion) }
                guard current < migration.version else { return false }
                try connection.executeScript(migration.sql, operation: operation)
                try connection.run(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, CAST(strftime('%s', 'now') AS INTEGER))",
                    [.int(migration.version)], operation: operation)
                return true
            }
            if didApply { applied.append(migration.version) }
        }
        return MigrationReport(fromVersion: before, toVersion: try currentVersion(connection), applied: applied)
    }
}

/// One step of the schema's history. Steps are applied in version order, each in its own
/// transaction, and recorded in `schema_migrations`; a step is never edited once released.
struct Migration: Sendable {
    let version: Int
    let name: String
    let sql: String
}

/// What `Store.migrate()` did: the schema version before and after, and the steps it applied.
public struct MigrationReport: Sendable, Hashable {
    public var fromVersion: Int
    public var toVersion: Int
    /// Versions applied by this call, in order; empty when the schema was already current.
    public var applied: [Int]

    public init(fromVersion: Int, toVersion: Int, applied: [Int]) {
        self.fromVersion = fromVersion
        self.toVersion = toVersion
        self.applied = applied
    }
}
