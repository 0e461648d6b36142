extension SQLiteStore {
    public func monthSeconds(userID: String, month: String) async throws -> Double {
        let operation = "read month usage"
        try Validate.month(month, operation)
        return try await read(operation) { connection in
            try connection.monthSeconds(userID: userID, month: month, operation: operation)
        }
    }

    public func recordUsage(_ entry: UsageEntry, now: Int, limitSeconds: Double?) async throws -> UsageRecordingResult {
        let operation = "record usage"
        try Validate.seconds(entry.seconds, "seconds", operation)
        try Validate.nonNegative(entry.processingTimeMs, "processing time", operation)
        if let limitSeconds { try Validate.seconds(limitSeconds, "limit", operation) }
        let month = UsageMonth.of(now)
        return try await write(operation) { connection in
            try connection.transaction(immediate: true, operation: operation) {
                try connection.recordUsage(entry, month: month, now: now, limitSeconds: limitSeconds, operation: operation)
            }
        }
    }

    public func usageHistory(userID: String, limit: Int) async throws -> [UsageRecord] {
        let operation = "read usage history"
        try Validate.nonNegative(limit, "limit", operation)
        let sql = """
            SELECT \(UsageRecord.selectColumns) FROM usage_records
            WHERE user_id = ?1 ORDER BY created_at DESC, id DESC LIMIT ?2
            """
        return try await read(operation) { connection in
            try connection.rows(sql, [.text(userID), .int(limit)], operation: operation, UsageRecord.init(row:))
        }
    }

    public func resetUsage(userID: String, month: String) async throws {
        let operation = "reset usage"
        try Validate.month(month, operation)
        try await write(operation) { connection in
            _ = try connection.run(
                "DELETE FROM usage_monthly WHERE user_id = ?1 AND month = ?2",
                [.text(userID), .text(month)], operation: operation)
        }
    }
}
