extension PostgresStore {
    public func setStripeCustomer(userID: String, customerID: String, now: Int) async throws -> Bool {
        let operation = "set Stripe customer"
        guard !customerID.isEmpty else {
            throw StorageError.invalidArgument(operation: operation, reason: "empty customer id")
        }
        return try await updateUser(operation, userID: userID, set: "stripe_customer_id = $2", .text(customerID), now: now)
    }

    public func applySubscription(_ change: SubscriptionChange, now: Int) async throws -> SubscriptionApplyResult {
        let operation = "apply subscription"
        return try await inTransaction(operation) { connection in
            try await connection.applySubscription(change, now: now, operation: operation)
        }
    }

    public func markStripeEventProcessed(id: String, type: String, now: Int) async throws -> Bool {
        let operation = "record Stripe event"
        guard !id.isEmpty else { throw StorageError.invalidArgument(operation: operation, reason: "empty event id") }
        return try await withConnection(operation) { connection in
            try await connection.recordStripeEvent(id: id, type: type, now: now, operation: operation)
        }
    }

    public func applySubscription(
        _ change: SubscriptionChange, recordingEvent id: String, type: String, now: Int
    ) async throws -> StripeEventApplyResult {
        let operation = "apply subscription event"
        guard !id.isEmpty else { throw StorageError.invalidArgument(operation: operation, reason: "empty event id") }
        return try await inTransaction(operation) { connection in
            // A concurrent delivery of the same id waits on the unique key here until this
            // transaction ends, then sees it recorded (or, after a rollback, records it itself).
            guard try await connection.recordStripeEvent(id: id, type: type, now: now, operation: operation) else {
                return .duplicate
            }
            return .processed(try await connection.applySubscription(change, now: now, operation: operation))
        }
    }
}

extension PostgresConnection {
    /// The body of `Store.applySubscription`; must run inside a transaction.
    func applySubscription(_ change: SubscriptionChange, now: Int, operation: String) async throws -> SubscriptionApplyResult {
        let sql = """
            UPDATE users SET plan = $2, subscription_status = $3, stripe_subscription_id = $4,
                subscription_period_end = $5, subscription_event_at = $6, updated_at = $7
            WHERE id = $1 AND (subscription_event_at IS NULL OR subscription_event_at <= $6)
            """
        let values: [PostgresValue] = [
            .text(change.userID), .text(change.plan.rawValue), .text(change.status), .text(change.subscriptionID),
            .int(change.periodEnd), .int(change.eventCreatedAt), .int(now),
        ]
        if try await run(sql, values, operation: operation) > 0 { return .applied }
        return try await userExists(change.userID, operation: operation) ? .stale : .unknownUser
    }

    /// Inserts the event id; false when it was already there.
    func recordStripeEvent(id: String, type: String, now: Int, operation: String) async throws -> Bool {
        try await run(
            "INSERT INTO stripe_events (id, type, processed_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING",
            [.text(id), .text(type), .int(now)], operation: operation) > 0
    }
}
