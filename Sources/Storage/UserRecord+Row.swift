extension UserRecord {
    /// The columns `init(row:)` reads, in order.
    static let selectColumns = """
        id, email, name, picture_url, role, plan, stripe_customer_id, stripe_subscription_id, \
        subscription_status, subscription_period_end, subscription_event_at, settings, \
        created_at, last_login_at, updated_at
        """

    init(row: some StoredRow) throws {
        self.init(
            id: try row.text(0),
            email: try row.text(1),
            name: row.optionalText(2),
            pictureURL: row.optionalText(3),
            role: Role(storedValue: try row.text(4)),
            plan: Plan(storedValue: try row.text(5)),
            stripeCustomerID: row.optionalText(6),
            stripeSubscriptionID: row.optionalText(7),
            subscriptionStatus: row.optionalText(8),
            subscriptionPeriodEnd: row.optionalInt(9),
            subscriptionEventAt: row.optionalInt(10),
            settings: SettingsJSON.decode(try row.text(11)),
            createdAt: try row.int(12),
            lastLoginAt: try row.int(13),
            updatedAt: try row.int(14))
    }
}
