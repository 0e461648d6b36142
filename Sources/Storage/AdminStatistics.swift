/// Counts for the admin dashboard, all read from stored rows.
public struct AdminStatistics: Sendable, Codable, Hashable {
    public var totalUsers: Int
    /// Every plan is present, with 0 when no user is on it.
    public var usersByPlan: [Plan: Int]
    /// Users whose last sign-in is at or after the `activeSince` asked for.
    public var activeUsers: Int
    /// Users created at or after the `signedUpSince` asked for.
    public var recentSignups: Int
    public var usageRecords: Int
    public var successfulUsageRecords: Int

    public init(
        totalUsers: Int, usersByPlan: [Plan: Int], activeUsers: Int, recentSignups: Int,
        usageRecords: Int, successfulUsageRecords: Int
    ) {
        self.totalUsers = totalUsers
        self.usersByPlan = usersByPlan
        self.activeUsers = activeUsers
        self.recentSignups = recentSignups
        self.usageRecords = usageRecords
        self.successfulUsageRecords = successfulUsageRecords
    }
}
