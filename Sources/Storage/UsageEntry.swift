/// What `Store.recordUsage` is asked to record: one usage record before it has an id and a time.
public struct UsageEntry: Sendable, Hashable {
    public var userID: String
    /// Seconds of audio; must be finite and not negative.
    public var seconds: Double
    public var mode: String
    public var language: String
    /// Must not be negative.
    public var processingTimeMs: Int
    /// Only a successful entry is charged to the month's total.
    public var success: Bool
    public var errorMessage: String?

    public init(
        userID: String, seconds: Double, mode: String, language: String,
        processingTimeMs: Int, success: Bool, errorMessage: String? = nil
    ) {
        self.userID = userID
        self.seconds = seconds
        self.mode = mode
        self.language = language
        self.processingTimeMs = processingTimeMs
        self.success = success
        self.errorMessage = errorMessage
    }
}

/// The outcome of `Store.recordUsage`.
public enum UsageRecordingResult: Sendable, Hashable {
    /// The record was written; `monthSeconds` is the month's total after it (charged only on success).
    case recorded(UsageRecord, monthSeconds: Double)
    /// Nothing was written: the month's total plus the entry's seconds would pass the limit.
    case limitExceeded(monthSeconds: Double, limitSeconds: Double)
}
