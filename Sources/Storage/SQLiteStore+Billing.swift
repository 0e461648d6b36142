extension SQLiteStore {
    public func applySubscription(_ change: SubscriptionChange, now: Int) async throws -> SubscriptionApplyResult {
        let operation = "apply subscription"
        return try await write(operation) { connection in
            try connection.transaction(immediate: true, operation: operation) {
                try connection.applySubscription(change, now: now, operation: operation)
            }
        }
    }

    public func markStripeEventProcessed(id: String, type: String, now: Int) async throws -> Bool {
        let operation = "record Stripe event"
        guard !id.isEmpty else { throw StorageError.invalidArgument(operation: operation, reason: "empty event id") }
        return try await write(operation) { connection in
            try connection.recordStripeEvent(id: id, type: type, now: now, operation: operation)
        }
    }

    public func applySubscription(
        _ change: SubscriptionChange, recordingEvent id: String, type: String, now: Int
    ) async throws -> StripeEventApplyResult {
        let operation = "apply subscription event"
        guard !id.isEmpty else { throw StorageError.invalidArgument(operation: operation, reason: "empty event id") }
        return try await write(operation) { connection in
            try connection.transaction(immediate: true, operation: operation) {
                guard try connection.recordStripeEvent(id: id, type: type, now: now, operation: operation) else {
                    return .duplicate
                }
                return .processed(try connection.applySubscription(change, now: now, operation: operation))
            }
        }
    }
}

extension SQLiteConnection {
    /// The body of `Store.applySubscription`; must run inside a write transaction.
    func applySubscription(_ change: SubscriptionChange, now: Int, operation: String) throws -> SubscriptionApplyResult {
        let sql = """
            UPDATE users SET plan = ?2, subscription_status = ?3, stripe_subscription_id = ?4,
                subscription_period_end = ?5, subscription_event_at = ?6, updated_at = ?7
            WHERE id = ?1 AND (subscription_event_at IS NULL OR subscription_event_at <= ?6)
            """
        let values: [SQLiteValue] = [
            .text(change.userID), .text(change.plan.rawValue), .text(change.status), .text(change.subscriptionID),
            .int(change.periodEnd), .int(change.eventCreatedAt), .int(now),
        ]
        if try run(sql, values, operation: operation) > 0 { return .applied }
        return try userExists(change.userID, operation: operation) ? .stale : .unknownUser
    }

    /// Inserts the event id; false when it was already there.
    func recordStripeEvent(id: String, type: String, now: Int, operation: String) throws -> Bool {
        try run(
            "INSERT INTO stripe_events (id, type, processed_at) VALUES (?1, ?2, ?3) ON CONFLICT (id) DO NOTHING",
            [.text(id), .text(type), .int(now)], operation: operation) > 0
    }
}
