extension Config {
    /// How often a subscription is billed.
    public enum BillingInterval: String, Hashable, Sendable, CaseIterable {
        /// `STRIPE_PRICE_<PLAN>`.
        case monthly
        /// `STRIPE_PRICE_<PLAN>_YEARLY`.
        case yearly
    }
}
