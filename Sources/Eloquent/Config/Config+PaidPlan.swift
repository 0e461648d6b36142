extension Config {
    /// A plan that is sold through Stripe (the free plan has no price).
    public enum PaidPlan: String, Hashable, Sendable, CaseIterable {
        case starter, pro, unlimited, enterprise

        /// The plan's name in `STRIPE_PRICE_<PLAN>` variables.
        var variableName: String { rawValue.uppercased() }
    }
}
