/// One metered transcription or on-device report, successful or not.
public struct UsageRecord: Sendable, Codable, Hashable {
    public var id: Int64
    public var userID: String
    /// Seconds of audio. A failed record keeps its seconds but charges nothing.
    public var seconds: Double
    public var mode: String
    public var language: String
    public var processingTimeMs: Int
    public var success: Bool
    public var errorMessage: String?
    /// Epoch seconds.
    public var createdAt: Int

    public init(
        id: Int64, userID: String, seconds: Double, mode: String, language: String,
        processingTimeMs: Int, success: Bool, errorMessage: String?, createdAt: Int
    ) {
        self.id = id
        self.userID = userID
        self.seconds = seconds
        self.mode = mode
        self.language = language
        self.processingTimeMs = processingTimeMs
        self.success = success
        self.errorMessage = errorMessage
        self.createdAt = createdAt
    }
}

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
