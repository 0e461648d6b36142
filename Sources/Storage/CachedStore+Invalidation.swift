import Basics

/// The writes that change a user row: each drops that user's cached row, whether it succeeded or not.
/// Everything else (usage, devices, lookups other than by id, admin reads) is forwarded unchanged.
extension CachedStore {
    public func upsertUserFromSignIn(id: String, email: String, name: String?, pictureURL: String?, now: Int) async throws -> UserRecord {
        try await invalidating([id]) {
            try await base.upsertUserFromSignIn(id: id, email: email, name: name, pictureURL: pictureURL, now: now)
        }
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

    public func deleteUser(id: String) async throws -> Bool {
        try await invalidating([id]) { try await base.deleteUser(id: id) }
    }

    public func setStripeCustomer(userID: String, customerID: String, now: Int) async throws -> Bool {
        try await invalidating([userID]) { try await base.setStripeCustomer(userID: userID, customerID: customerID, now: now) }
    }

    public func applySubscription(_ change: SubscriptionChange, now: Int) async throws -> SubscriptionApplyResult {
        try await invalidating([change.userID]) { try await base.applySubscription(change, now: now) }
    }

    public func applySubscription(
        _ change: SubscriptionChange, recordingEvent id: String, type: String, now: Int
    ) async throws -> StripeEventApplyResult {
        try await invalidating([change.userID]) {
            try await base.applySubscription(change, recordingEvent: id, type: type, now: now)
        }
    }

    public func bulkSetPlan(userIDs: [String], plan: Plan, now: Int) async throws -> Int {
        try await invalidating(userIDs) { try await base.bulkSetPlan(userIDs: userIDs, plan: plan, now: now) }
    }
}

/// The writes that change what other caches hold (usage figures and cached responses, identities, key lists): they
/// leave the user rows alone but are announced all the same.
extension CachedStore {
    public func recordUsage(_ entry: UsageEntry, now: Int, limitSeconds: Double?) async throws -> UsageRecordingResult {
        try await announcing([.usage(entry.userID)]) { try await base.recordUsage(entry, now: now, limitSeconds: limitSeconds) }
    }

    public func resetUsage(userID: String, month: String) async throws {
        try await announcing([.usage(userID)]) { try await base.resetUsage(userID: userID, month: month) }
    }

    public func revoke(tokenHash: String, expiresAt: Int) async throws {
        try await announcing([.token(tokenHash)]) { try await base.revoke(tokenHash: tokenHash, expiresAt: expiresAt) }
    }

    public func addTombstone(userID: String, deletedAt: Int) async throws {
        try await announcing([.deletedUser(userID)]) { try await base.addTombstone(userID: userID, deletedAt: deletedAt) }
    }

    public func insertAPIKey(_ record: APIKeyRecord) async throws {
        try await announcing([.user(record.userID)]) { try await base.insertAPIKey(record) }
    }

    public func deleteAPIKey(id: String, userID: String) async throws -> Bool {
        try await announcing([.user(userID)]) { try await base.deleteAPIKey(id: id, userID: userID) }
    }

    public func deleteAPIKeys(userID: String) async throws {
        try await announcing([.user(userID)]) { try await base.deleteAPIKeys(userID: userID) }
    }
}
