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
