import Glibc

extension SQLiteStore {
    public func revoke(tokenHash: String, expiresAt: Int) async throws {
        let operation = "revoke token"
        guard !tokenHash.isEmpty else { throw StorageError.invalidArgument(operation: operation, reason: "empty token hash") }
        let now = Int(time(nil))
        _ = try await write(operation) { connection in
            try connection.transaction(immediate: true, operation: operation) {
                // Revocations past their token's expiry are of no use: each new one sweeps them.
                try connection.run("DELETE FROM revoked_tokens WHERE expires_at <= ?1", [.int(now)], operation: operation)
                return try connection.run("""
                    INSERT INTO revoked_tokens (token_hash, expires_at) VALUES (?1, ?2)
                    ON CONFLICT (token_hash) DO UPDATE SET expires_at = MAX(revoked_tokens.expires_at, excluded.expires_at)
                    """, [.text(tokenHash), .int(expiresAt)], operation: operation)
            }
        }
    }

    public func isRevoked(tokenHash: String, now: Int) async throws -> Bool {
        let operation = "check token revocation"
        return try await read(operation) { connection in
            try connection.firstRow("SELECT 1 FROM revoked_tokens WHERE token_hash = ?1 AND expires_at > ?2",
                                    [.text(tokenHash), .int(now)], operation: operation) { _ in true } ?? false
        }
    }

    public func addTombstone(userID: String, deletedAt: Int) async throws {
        let operation = "record deleted account"
        try Validate.userID(userID, operation)
        _ = try await write(operation) { connection in
            try connection.run("INSERT INTO deleted_users (user_id, deleted_at) VALUES (?1, ?2) ON CONFLICT (user_id) DO NOTHING",
                               [.text(userID), .int(deletedAt)], operation: operation)
        }
    }

    public func isDeleted(userID: String) async throws -> Bool {
        let operation = "check deleted account"
        return try await read(operation) { connection in
            try connection.firstRow("SELECT 1 FROM deleted_users WHERE user_id = ?1", [.text(userID)], operation: operation) { _ in true } ?? false
        }
    }

    public func insertAPIKey(_ record: APIKeyRecord) async throws {
        let operation = "insert API key"
        let sql = """
            INSERT INTO api_keys (id, user_id, name, prefix, secret_hash, created_at, last_used_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (prefix) DO NOTHING
            """
        let values: [SQLiteValue] = [.text(record.id), .text(record.userID), .text(record.name), .text(record.prefix),
                                     .text(record.secretHash), .int(record.createdAt), .int(record.lastUsedAt)]
        let inserted = try await write(operation) { connection in try connection.run(sql, values, operation: operation) }
        if inserted == 0 { throw APIKeyStoreError.duplicatePrefix }
    }

    public func apiKeys(userID: String) async throws -> [APIKeyRecord] {
        let operation = "list API keys"
        let sql = "SELECT \(APIKeyRecord.selectColumns) FROM api_keys WHERE user_id = ?1 ORDER BY created_at DESC, id DESC"
        return try await read(operation) { connection in
            try connection.rows(sql, [.text(userID)], operation: operation, APIKeyRecord.init(row:))
        }
    }

    public func apiKey(prefix: String) async throws -> APIKeyRecord? {
        let operation = "read API key"
        let sql = "SELECT \(APIKeyRecord.selectColumns) FROM api_keys WHERE prefix = ?1"
        return try await read(operation) { connection in
            try connection.firstRow(sql, [.text(prefix)], operation: operation, APIKeyRecord.init(row:))
        }
    }

    public func deleteAPIKey(id: String, userID: String) async throws -> Bool {
        let operation = "delete API key"
        return try await write(operation) { connection in
            try connection.run("DELETE FROM api_keys WHERE id = ?1 AND user_id = ?2", [.text(id), .text(userID)], operation: operation) > 0
        }
    }

    public func deleteAPIKeys(userID: String) async throws {
        let operation = "delete API keys"
        _ = try await write(operation) { connection in
            try connection.run("DELETE FROM api_keys WHERE user_id = ?1", [.text(userID)], operation: operation)
        }
    }

    public func recordAPIKeyUse(_ lastUsed: [String: Int]) async throws {
        let operation = "record API key use"
        guard !lastUsed.isEmpty else { return }
        _ = try await write(operation) { connection in
            try connection.transaction(immediate: true, operation: operation) {
                for (id, used) in lastUsed {
                    try connection.run("UPDATE api_keys SET last_used_at = MAX(COALESCE(last_used_at, 0), ?2) WHERE id = ?1",
                                       [.text(id), .int(used)], operation: operation)
                }
                return 0
            }
        }
    }
}
