/// Statement helpers in the shape of `SQLiteConnection`'s, so both stores read alike.
extension PostgresConnection {
    /// Runs a statement; returns the number of rows it changed.
    @discardableResult
    func run(_ sql: String, _ values: [PostgresValue] = [], operation: String) async throws -> Int {
        try await query(sql, values, operation: operation).affectedRows
    }

    func rows<T>(
        _ sql: String, _ values: [PostgresValue] = [], operation: String, _ decode: (PostgresRow) throws -> T
    ) async throws -> [T] {
        let result = try await query(sql, values, operation: operation)
        return try result.rows.map { try decode(PostgresRow(values: $0, columns: result.columns, operation: operation)) }
    }

    func firstRow<T>(
        _ sql: String, _ values: [PostgresValue] = [], operation: String, _ decode: (PostgresRow) throws -> T
    ) async throws -> T? {
        let result = try await query(sql, values, operation: operation)
        guard let first = result.rows.first else { return nil }
        return try decode(PostgresRow(values: first, columns: result.columns, operation: operation))
    }

    /// Runs `body` in a transaction (`begin` names its kind); commits when `body` returns, rolls
    /// back when it throws. A connection whose rollback fails is broken and leaves the pool.
    func transaction<T>(
        _ begin: String = "BEGIN", operation: String, _ body: () async throws -> T
    ) async throws -> T {
        try await run(begin, operation: operation + " (begin)")
        do {
            let value = try await body()
            try await run("COMMIT", operation: operation + " (commit)")
            return value
        } catch {
            if !isBroken {
                // The first error explains the failure; a failed rollback leaves the connection in
                // a transaction, and the pool discards it.
                _ = try? await run("ROLLBACK", operation: operation + " (rollback)")
            }
            throw error
        }
    }

    /// Throws `StorageError.userNotFound` unless a user row with `id` exists. Inside a transaction
    /// the row is then locked against deletion (`FOR KEY SHARE`, what the foreign keys take anyway),
    /// first, so that a concurrent `deleteUser` and this transaction take their locks in one order.
    func requireUser(_ id: String, operation: String) async throws {
        let exists = try await firstRow(
            "SELECT 1 FROM users WHERE id = $1 FOR KEY SHARE", [.text(id)], operation: operation) { _ in true } ?? false
        guard exists else { throw StorageError.userNotFound(operation: operation, id: id) }
    }

    func userExists(_ id: String, operation: String) async throws -> Bool {
        try await firstRow("SELECT 1 FROM users WHERE id = $1", [.text(id)], operation: operation) { _ in true } ?? false
    }
}
