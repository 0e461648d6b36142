extension Config {
    /// Identifies one configured Stripe price: a plan billed at an interval.
    public struct PriceKey: Hashable, Sendable {
        /// The plan.
        public var plan: PaidPlan
        /// The billing interval.
        public var interval: BillingInterval

        /// Creates a key.
        public init(plan: PaidPlan, interval: BillingInterval) {
            self.plan = plan
            self.interval = interval
        }

        /// The environment variable holding this price id, e.g. `STRIPE_PRICE_PRO_YEARLY`.
        public var variableName: String {
            "STRIPE_PRICE_" + plan.variableName + (interval == .yearly ? "_YEARLY" : "")
        }
    }
}
