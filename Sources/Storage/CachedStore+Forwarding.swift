extension CachedStore {
    public func migrate() async throws -> MigrationReport { try await base.migrate() }
    public func close() async throws { try await base.close() }

    public func upsertUserFromSignIn(id: String, email: String, name: String?, pictureURL: String?, now: Int) async throws -> UserRecord {
        try await invalidating([id]) {
            try await base.upsertUserFromSignIn(id: id, email: email, name: name, pictureURL: pictureURL, now: now)
        }
    }

    public func user(byEmail email: String) async throws -> UserRecord? { try await base.user(byEmail: email) }

    public func user(byStripeCustomerID customerID: String) async throws -> UserRecord? {
        try await base.user(byStripeCustomerID: customerID)
    }

    public func updateSettings(userID: String, patch: UserSettingsPatch, now: Int) async throws -> UserSettings? {
        try await invalidating([userID]) { try await base.updateSettings(userID: userID, patch: patch, now: now) }
    }

    public func setPlan(userID: String, plan: Plan, now: Int) async throws -> Bool {
        try await invalidating([userID]) { try await base.setPlan(userID: userID, plan: plan, now: now) }
    }

    public func setRole(userID: String, role: Role, now: Int) async throws -> Bool {
        try await invalidating([userID]) { try await base.setRole(userID: userID, role: role, now: now) }
    }

    public func setStripeCustomer(userID: String, customerID: String, now: Int) async throws -> Bool {
        try await invalidating([userID]) { try await base.setStripeCustomer(userID: userID, customerID: customerID, now: now) }
    }

    public func applySubscription(_ change: SubscriptionChange, now: Int) async throws -> SubscriptionApplyResult {
        try await invalidating([change.userID]) { try await base.applySubscription(change, now: now) }
    }

    public func deleteUser(id: String) async throws -> Bool {
        try await invalidating([id]) { try await base.deleteUser(id: id) }
    }

    public func registerDevice(userID: String, deviceID: String, now: Int) async throws -> DeviceRecord {
        try await base.registerDevice(userID: userID, deviceID: deviceID, now: now)
    }

    public func devices(userID: String) async throws -> [DeviceRecord] { try await base.devices(userID: userID) }

    public func monthSeconds(userID: String, month: String) async throws -> Double {
        try await base.monthSeconds(userID: userID, month: month)
    }

    public func recordUsage(_ entry: UsageEntry, now: Int, limitSeconds: Double?) async throws -> UsageRecordingResult {
        try await base.recordUsage(entry, now: now, limitSeconds: limitSeconds)
    }

    public func usageHistory(userID: String, limit: Int) async throws -> [UsageRecord] {
        try await base.usageHistory(userID: userID, limit: limit)
    }

    public func resetUsage(userID: String, month: String) async throws {
        try await base.resetUsage(userID: userID, month: month)
    }

    public func listUsers(offset: Int, limit: Int, plan: Plan?) async throws -> [UserRecord] {
        try await base.listUsers(offset: offset, limit: limit, plan: plan)
    }

    public func searchUsers(query: String, limit: Int) async throws -> [UserRecord] {
        try await base.searchUsers(query: query, limit: limit)
    }

    public func countUsersByPlan() async throws -> [Plan: Int] { try await base.countUsersByPlan() }
    public func totalUsers() async throws -> Int { try await base.totalUsers() }

    public func bulkSetPlan(userIDs: [String], plan: Plan, now: Int) async throws -> Int {
        try await invalidating(userIDs) { try await base.bulkSetPlan(userIDs: userIDs, plan: plan, now: now) }
    }

    public func adminStatistics(activeSince: Int, signedUpSince: Int) async throws -> AdminStatistics {
        try await base.adminStatistics(activeSince: activeSince, signedUpSince: signedUpSince)
    }

    public func markStripeEventProcessed(id: String, type: String, now: Int) async throws -> Bool {
        try await base.markStripeEventProcessed(id: id, type: type, now: now)
    }
}
