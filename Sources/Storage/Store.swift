/// The data store the application talks to, split by concern so that an implementation or a
/// decorator deals with one small protocol at a time. `SQLiteStore` is the embedded default,
/// `PostgresStore` the shared one; `CachedStore` decorates either.
///
/// Times are epoch seconds supplied by the caller (`now`), so tests control the clock and the
/// month usage is charged to (`UsageMonth.of(now)`). Every failure is a `StorageError`.
public protocol Store: StoreLifetime, UserStore, UsageStore, BillingStore, AdminStore, SessionStore {}

/// Schema and lifetime of a store.
public protocol StoreLifetime: Sendable {
    /// Applies every migration not yet applied; calling it again changes nothing.
    func migrate() async throws -> MigrationReport
    /// Finishes work in flight and releases connections; later calls throw `StorageError.closed`.
    func close() async throws
}

/// Users, their devices and settings, and the writes that change a user row.
public protocol UserStore: Sendable {
    /// Creates the user or refreshes email, name, picture and last sign-in from verified claims.
    /// Plan, role, settings and Stripe fields of an existing user are kept; a nil name or picture
    /// keeps the stored one.
    func upsertUserFromSignIn(id: String, email: String, name: String?, pictureURL: String?, now: Int) async throws -> UserRecord
    func user(id: String) async throws -> UserRecord?
    /// The user with this email (compared case-insensitively for ASCII), most recently signed in first.
    func user(byEmail email: String) async throws -> UserRecord?
    func user(byStripeCustomerID customerID: String) async throws -> UserRecord?
    /// Merges `patch` over the stored settings; nil when there is no such user.
    func updateSettings(userID: String, patch: UserSettingsPatch, now: Int) async throws -> UserSettings?
    /// False when there is no such user.
    func setPlan(userID: String, plan: Plan, now: Int) async throws -> Bool
    /// False when there is no such user.
    func setRole(userID: String, role: Role, now: Int) async throws -> Bool
    /// Deletes the user with their devices, usage records and monthly totals; false when there was none.
    func deleteUser(id: String) async throws -> Bool
    /// Records a sign-in from a device: first seen is kept, last seen becomes `now`.
    func registerDevice(userID: String, deviceID: String, now: Int) async throws -> DeviceRecord
    func devices(userID: String) async throws -> [DeviceRecord]
}

/// Metered usage: monthly totals and usage records.
public protocol UsageStore: Sendable {
    /// Seconds charged to the user in `month` (`"YYYY-MM"`), 0 when none.
    func monthSeconds(userID: String, month: String) async throws -> Double
    /// In one transaction: refuses when `limitSeconds` is given and a successful entry would take
    /// the month past it; otherwise adds the seconds to the month when successful, writes the
    /// usage record (always) and returns the month's new total.
    func recordUsage(_ entry: UsageEntry, now: Int, limitSeconds: Double?) async throws -> UsageRecordingResult
    /// The user's usage records, newest first, at most `limit`.
    func usageHistory(userID: String, limit: Int) async throws -> [UsageRecord]
    /// Sets the user's total for `month` back to zero (records stay).
    func resetUsage(userID: String, month: String) async throws
}

/// Stripe state: the customer and subscription of a user, and processed event ids.
public protocol BillingStore: Sendable {
    /// False when there is no such user; a customer id already used by another user is a constraint violation.
    func setStripeCustomer(userID: String, customerID: String, now: Int) async throws -> Bool
    /// Applies a subscription state unless an event created later was already applied to the user.
    func applySubscription(_ change: SubscriptionChange, now: Int) async throws -> SubscriptionApplyResult
    /// Records a Stripe event id; false when it was already recorded (a replay).
    func markStripeEventProcessed(id: String, type: String, now: Int) async throws -> Bool
    /// In one transaction: records the Stripe event id and applies `change` as `applySubscription`
    /// does. A replayed id applies nothing (`.duplicate`); when applying fails, the id is not
    /// recorded either, so the event's retry (to any instance) applies it.
    func applySubscription(
        _ change: SubscriptionChange, recordingEvent id: String, type: String, now: Int
    ) async throws -> StripeEventApplyResult
}

/// The admin dashboard: listings, search, counts and bulk changes.
public protocol AdminStore: Sendable {
    /// Users newest first; only those on `plan` when given.
    func listUsers(offset: Int, limit: Int, plan: Plan?) async throws -> [UserRecord]
    /// Users whose email or name contains `query` literally (`%` and `_` match themselves),
    /// ignoring ASCII case.
    func searchUsers(query: String, limit: Int) async throws -> [UserRecord]
    /// Every plan with its number of users (0 included).
    func countUsersByPlan() async throws -> [Plan: Int]
    func totalUsers() async throws -> Int
    /// Sets the plan of every listed user that exists; returns how many were changed.
    func bulkSetPlan(userIDs: [String], plan: Plan, now: Int) async throws -> Int
    func adminStatistics(activeSince: Int, signedUpSince: Int) async throws -> AdminStatistics
}
