/// Applies `PostgresMigration`s and refuses databases newer than it knows. Each step runs in its
/// own transaction holding a transaction-scoped advisory lock, and reads the version again under
/// it, so instances starting at once apply each step exactly once (DDL is transactional in
/// PostgreSQL: a failing step leaves nothing behind).
struct PostgresMigrator: Sendable {
    /// `pg_advisory_xact_lock` key of schema migrations ("eloquent" in ASCII).
    static let lockKey: Int64 = 0x656C_6F71_7565_6E74

    let migrations: [PostgresMigration]

    init(migrations: [PostgresMigration]) {
        for (index, migration) in migrations.enumerated() {
            precondition(migration.version == index + 1, "migration versions must be 1, 2, 3, ... in order")
        }
        self.migrations = migrations
    }

    var knownVersion: Int { migrations.last?.version ?? 0 }

    /// The highest applied version; 0 for a database without `schema_migrations`.
    func currentVersion(_ connection: PostgresConnection) async throws -> Int {
        let operation = "read schema version"
        let hasTable = try await connection.firstRow(
            "SELECT to_regclass('schema_migrations') IS NOT NULL", operation: operation) { try $0.bool(0) } ?? false
        guard hasTable else { return 0 }
        return try await connection.firstRow(
            "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", operation: operation) { try $0.int(0) } ?? 0
    }

    /// Throws `StorageError.schemaTooNew` when the database has a version this program does not know.
    func refuseNewer(_ connection: PostgresConnection) async throws {
        let current = try await currentVersion(connection)
        if current > knownVersion { throw StorageError.schemaTooNew(found: current, known: knownVersion) }
    }

    func migrate(_ connection: PostgresConnection) async throws -> MigrationReport {
        try await refuseNewer(connection)
        let before = try await currentVersion(connection)
        var applied: [Int] = []
        for migration in migrations where migration.version > before {
            let operation = "migrate to version \(migration.version) (\(migration.name))"
            let didApply = try await connection.transaction(operation: operation) {
                try await connection.run("SELECT pg_advisory_xact_lock($1)", [.integer(Self.lockKey)], operation: operation)
                try await connection.run("""
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        version INTEGER PRIMARY KEY,
                        applied_at BIGINT NOT NULL
                    )
                    """, operation: operation)
                let current = try await currentVersion(connection)
                if current > knownVersion { throw StorageError.schemaTooNew(found: current, known: knownVersion) }
                guard current < migration.version else { return false }
                for statement in migration.statements {
                    try await connection.run(statement, operation: operation)
                }
                try await connection.run(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, EXTRACT(EPOCH FROM now())::BIGINT)",
                    [.int(migration.version)], operation: operation)
                return true
            }
            if didApply { applied.append(migration.version) }
        }
        return MigrationReport(fromVersion: before, toVersion: try await currentVersion(connection), applied: applied)
    }
}
