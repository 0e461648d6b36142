extension SQLiteConnection {
    /// Runs `body` in a transaction: `BEGIN IMMEDIATE` (the write lock is taken at once) for
    /// writers, a deferred `BEGIN` for consistent multi-statement reads. Commits when `body`
    /// returns, rolls back when it throws.
    func transaction<T>(immediate: Bool, operation: String, _ body: () throws -> T) throws -> T {
        try run(immediate ? "BEGIN IMMEDIATE" : "BEGIN", operation: operation + " (begin)")
        do {
            let value = try body()
            try run("COMMIT", operation: operation + " (commit)")
            return value
        } catch {
            if !isAutocommit {
                // The first error explains the failure; a rollback error after it adds nothing.
                do { try run("ROLLBACK", operation: operation + " (rollback)") } catch {}
            }
            throw error
        }
    }

    /// Throws `StorageError.userNotFound` unless a user row with `id` exists.
    func requireUser(_ id: String, operation: String) throws {
        guard try userExists(id, operation: operation) else {
            throw StorageError.userNotFound(operation: operation, id: id)
        }
    }

    func userExists(_ id: String, operation: String) throws -> Bool {
        try firstRow("SELECT 1 FROM users WHERE id = ?1", [.text(id)], operation: operation) { _ in true } ?? false
    }
}
