/// Decorators of a store forward each concern to the store they wrap and override only the
/// requirements they change. Conform to the protocol of a concern, name the wrapped store for it,
/// and every requirement you do not implement is handed to that store unchanged.
public protocol ForwardingStoreLifetime: StoreLifetime {
    var lifetimeBase: any StoreLifetime { get }
}

extension ForwardingStoreLifetime {
    public func migrate() async throws -> MigrationReport { try await lifetimeBase.migrate() }
    public func close() async throws { try await lifetimeBase.close() }
}

public protocol ForwardingUserStore: UserStore {
    var userBase: any UserStore { get }
}

extension ForwardingUserStore {
    public func upsertUserFromSignIn(id: String, email: String, name: String?, pictureURL: String?, now: Int) async throws -> UserRecord {
        try await userBase.upsertUserFromSignIn(id: id, email: email, name: name, pictureURL: pictureURL, now: now)
    }

    public func user(id: String) async throws -> UserRecord? { try await userBase.user(id: id) }
    public func user(byEmail email: String) async throws -> UserRecord? { try await userBase.user(byEmail: email) }

    public func user(byStripeCustomerID customerID: String) async throws -> UserRecord? {
        try await userBase.user(byStripeCustomerID: customerID)
    }

    public func updateSettings(userID: String, patch: UserSettingsPatch, now: Int) async throws -> UserSettings? {
        try await userBase.updateSettings(userID: userID, patch: patch, now: now)
    }

    public func setPlan(userID: String, plan: Plan, now: Int) async throws -> Bool {
        try await userBase.setPlan(userID: userID, plan: plan, now: now)
    }

    public func setRole(userID: String, role: Role, now: Int) async throws -> Bool {
        try await userBase.setRole(userID: userID, role: role, now: now)
    }

    public func deleteUser(id: String) async throws -> Bool { try await userBase.deleteUser(id: id) }

    public func registerDevice(userID: String, deviceID: String, now: Int) async throws -> DeviceRecord {
        try await userBase.registerDevice(userID: userID, deviceID: deviceID, now: now)
    }

    public func devices(userID: String) async throws -> [DeviceRecord] { try await userBase.devices(userID: userID) }
}

public protocol ForwardingUsageStore: UsageStore {
    var usageBase: any UsageStore { get }
}

extension ForwardingUsageStore {
    public func monthSeconds(userID: String, month: String) async throws -> Double {
        try await usageBase.monthSeconds(userID: userID, month: month)
    }

    public func recordUsage(_ entry: UsageEntry, now: Int, limitSeconds: Double?) async throws -> UsageRecordingResult {
        try await usageBase.recordUsage(entry, now: now, limitSeconds: limitSeconds)
    }

    public func usageHistory(userID: String, limit: Int) async throws -> [UsageRecord] {
        try await usageBase.usageHistory(userID: userID, limit: limit)
    }

    public func resetUsage(userID: String, month: String) async throws {
        try await usageBase.resetUsage(userID: userID, month: month)
    }
}

public protocol ForwardingBillingStore: BillingStore {
    var billingBase: any BillingStore { get }
}

extension ForwardingBillingStore {
    public func setStripeCustomer(userID: String, customerID: String, now: Int) async throws -> Bool {
        try await billingBase.setStripeCustomer(userID: userID, customerID: customerID, now: now)
    }

    public func applySubscription(_ change: SubscriptionChange, now: Int) async throws -> SubscriptionApplyResult {
        try await billingBase.applySubscription(change, now: now)
    }

    public func markStripeEventProcessed(id: String, type: String, now: Int) async throws -> Bool {
        try await billingBase.markStripeEventProcessed(id: id, type: type, now: now)
    }

    public func applySubscription(
        _ change: SubscriptionChange, recordingEvent id: String, type: String, now: Int
    ) async throws -> StripeEventApplyResult {
        try await billingBase.applySubscription(change, recordingEvent: id, type: type, now: now)
    }
}

public protocol ForwardingAdminStore: AdminStore {
    var adminBase: any AdminStore { get }
}

extension ForwardingAdminStore {
    public func listUsers(offset: Int, limit: Int, plan: Plan?) async throws -> [UserRecord] {
        try await adminBase.listUsers(offset: offset, limit: limit, plan: plan)
    }

    public func searchUsers(query: String, limit: Int) async throws -> [UserRecord] {
        try await adminBase.searchUsers(query: query, limit: limit)
    }

    public func countUsersByPlan() async throws -> [Plan: Int] { try await adminBase.countUsersByPlan() }
    public func totalUsers() async throws -> Int { try await adminBase.totalUsers() }

    public func bulkSetPlan(userIDs: [String], plan: Plan, now: Int) async throws -> Int {
        try await adminBase.bulkSetPlan(userIDs: userIDs, plan: plan, now: now)
    }

    public func adminStatistics(activeSince: Int, signedUpSince: Int) async throws -> AdminStatistics {
        try await adminBase.adminStatistics(activeSince: activeSince, signedUpSince: signedUpSince)
    }
}

/// Every concern of a `Store` forwarded to `base`.
public protocol ForwardingStore: Store, ForwardingStoreLifetime, ForwardingUserStore, ForwardingUsageStore,
    ForwardingBillingStore, ForwardingAdminStore, ForwardingSessionStore {
    var base: any Store { get }
}

extension ForwardingStore {
    public var lifetimeBase: any StoreLifetime { base }
    public var userBase: any UserStore { base }
    public var usageBase: any UsageStore { base }
    public var billingBase: any BillingStore { base }
    public var adminBase: any AdminStore { base }
    public var sessionBase: any SessionStore { base }
}
