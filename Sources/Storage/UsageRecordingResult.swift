/// The outcome of `Store.recordUsage`.
public enum UsageRecordingResult: Sendable, Hashable {
    /// The record was written; `monthSeconds` is the month's total after it (charged only on success).
    case recorded(UsageRecord, monthSeconds: Double)
    /// Nothing was written: the month's total plus the entry's seconds would pass the limit.
    case limitExceeded(monthSeconds: Double, limitSeconds: Double)
}
