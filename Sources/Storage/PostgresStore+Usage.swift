extension PostgresStore {
    public func monthSeconds(userID: String, month: String) async throws -> Double {
        let operation = "read month usage"
        try Validate.month(month, operation)
        return try await withConnection(operation) { connection in
            try await connection.monthSeconds(userID: userID, month: month, operation: operation)
        }
    }

    /// The check and the charge are one statement: the insert-or-add happens only when the new
    /// total stays within the limit, and the row lock it takes orders concurrent callers on every
    /// instance, so the month can never pass the limit. The record is written in the same
    /// transaction.
    public func recordUsage(_ entry: UsageEntry, now: Int, limitSeconds: Double?) async throws -> UsageRecordingResult {
        let operation = "record usage"
        try Validate.seconds(entry.seconds, "seconds", operation)
        try Validate.nonNegative(entry.processingTimeMs, "processing time", operation)
        if let limitSeconds { try Validate.seconds(limitSeconds, "limit", operation) }
        let month = UsageMonth.of(now)
        let charge = """
            INSERT INTO usage_monthly (user_id, month, seconds)
            SELECT $1::text, $2::text, $3::float8 WHERE $4::float8 IS NULL OR $3::float8 <= $4::float8
            ON CONFLICT (user_id, month) DO UPDATE SET seconds = usage_monthly.seconds + excluded.seconds
                WHERE $4::float8 IS NULL OR usage_monthly.seconds + excluded.seconds <= $4::float8
            RETURNING seconds
            """
        let record = """
            INSERT INTO usage_records
                (user_id, seconds, mode, language, processing_time_ms, success, error_message, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            RETURNING \(UsageRecord.selectColumns)
            """
        let recordValues: [PostgresValue] = [
            .text(entry.userID), .real(entry.seconds), .text(entry.mode), .text(entry.language),
            .int(entry.processingTimeMs), .boolean(entry.success), .text(entry.errorMessage), .int(now),
        ]
        return try await inTransaction(operation) { connection in
            try await connection.requireUser(entry.userID, operation: operation)
            let total: Double
            if entry.success {
                let charged = try await connection.firstRow(
                    charge, [.text(entry.userID), .text(month), .real(entry.seconds), .real(limitSeconds)],
                    operation: operation) { try $0.double(0) }
                guard let charged else {
                    // Refused. The statement left the month's row (if any) locked by this
                    // transaction, so this is the total it compared against.
                    let current = try await connection.monthSeconds(userID: entry.userID, month: month, operation: operation)
                    return .limitExceeded(monthSeconds: current, limitSeconds: limitSeconds ?? 0)
                }
                total = charged
            } else {
                total = try await connection.monthSeconds(userID: entry.userID, month: month, operation: operation)
            }
            guard let written = try await connection.firstRow(record, recordValues, operation: operation, UsageRecord.init(row:)) else {
                throw StorageError.invalidStoredValue(operation: operation, column: "RETURNING")
            }
            return .recorded(written, monthSeconds: total)
        }
    }

    public func usageHistory(userID: String, limit: Int) async throws -> [UsageRecord] {
        let operation = "read usage history"
        try Validate.nonNegative(limit, "limit", operation)
        let sql = """
            SELECT \(UsageRecord.selectColumns) FROM usage_records
            WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2
            """
        return try await withConnection(operation) { connection in
            try await connection.rows(sql, [.text(userID), .int(limit)], operation: operation, UsageRecord.init(row:))
        }
    }

    public func resetUsage(userID: String, month: String) async throws {
        let operation = "reset usage"
        try Validate.month(month, operation)
        try await withConnection(operation) { connection in
            try await connection.run(
                "DELETE FROM usage_monthly WHERE user_id = $1 AND month = $2", [.text(userID), .text(month)], operation: operation)
        }
    }
}

extension PostgresConnection {
    func monthSeconds(userID: String, month: String, operation: String) async throws -> Double {
        try await firstRow(
            "SELECT seconds FROM usage_monthly WHERE user_id = $1 AND month = $2",
            [.text(userID), .text(month)], operation: operation) { try $0.double(0) } ?? 0
    }
}
