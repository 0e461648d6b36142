extension UsageRecord {
    /// The columns `init(row:)` reads, in order.
    static let selectColumns = """
        id, user_id, seconds, mode, language, processing_time_ms, success, error_message, created_at
        """

    init(row: some StoredRow) throws {
        self.init(
            id: try row.int64(0),
            userID: try row.text(1),
            seconds: try row.double(2),
            mode: try row.text(3),
            language: try row.text(4),
            processingTimeMs: try row.int(5),
            success: try row.bool(6),
            errorMessage: row.optionalText(7),
            createdAt: try row.int(8))
    }
}
