extension SQLiteConnection {
    func monthSeconds(userID: String, month: String, operation: String) throws -> Double {
        try firstRow(
            "SELECT seconds FROM usage_monthly WHERE user_id = ?1 AND month = ?2",
            [.text(userID), .text(month)], operation: operation) { try $0.double(0) } ?? 0
    }

    /// The body of `Store.recordUsage`; must run inside a write transaction.
    func recordUsage(
        _ entry: UsageEntry, month: String, now: Int, limitSeconds: Double?, operation: String
    ) throws -> UsageRecordingResult {
        try requireUser(entry.userID, operation: operation)
        var total = try monthSeconds(userID: entry.userID, month: month, operation: operation)
        if entry.success {
            if let limitSeconds, total + entry.seconds > limitSeconds {
                return .limitExceeded(monthSeconds: total, limitSeconds: limitSeconds)
            }
            let charged = try firstRow("""
                INSERT INTO usage_monthly (user_id, month, seconds) VALUES (?1, ?2, ?3)
                ON CONFLICT (user_id, month) DO UPDATE SET seconds = usage_monthly.seconds + excluded.seconds
                RETURNING seconds
                """, [.text(entry.userID), .text(month), .real(entry.seconds)], operation: operation) { try $0.double(0) }
            guard let charged else { throw StorageError.invalidStoredValue(operation: operation, column: "RETURNING") }
            total = charged
        }
        let sql = """
            INSERT INTO usage_records
                (user_id, seconds, mode, language, processing_time_ms, success, error_message, created_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            RETURNING \(UsageRecord.selectColumns)
            """
        let values: [SQLiteValue] = [
            .text(entry.userID), .real(entry.seconds), .text(entry.mode), .text(entry.language),
            .int(entry.processingTimeMs), .bool(entry.success), .text(entry.errorMessage), .int(now),
        ]
        guard let record = try firstRow(sql, values, operation: operation, UsageRecord.init(row:)) else {
            throw StorageError.invalidStoredValue(operation: operation, column: "RETURNING")
        }
        return .recorded(record, monthSeconds: total)
    }
}
