extension Config {
    /// Whether billing is configured (Stripe secret key and webhook secret both set).
    public var billingEnabled: Bool {
        stripeSecretKey != nil && stripeWebhookSecret != nil
    }

    /// Whether `email` (compared case-insensitively) is listed in `ADMIN_EMAILS`.
    public func isAdminEmail(_ email: String) -> Bool {
        adminEmails.contains(email.lowercased())
    }

    /// The configured price id for a plan and interval.
    public func stripePrice(for plan: PaidPlan, interval: BillingInterval) -> String? {
        stripePrices[PriceKey(plan: plan, interval: interval)]
    }

    /// The plan and interval a Stripe price id was configured for.
    public func priceKey(forPriceID priceID: String) -> PriceKey? {
        stripePrices.first { $0.value == priceID }?.key
    }
}
