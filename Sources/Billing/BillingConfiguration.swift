public import Basics
public import Storage
import Accounts

/// A plan that is sold through Stripe (the free plan has no price).
public enum PaidPlan: String, Hashable, Sendable, CaseIterable {
    case starter, pro, unlimited, enterprise

    /// The plan's name in `STRIPE_PRICE_<PLAN>` variables.
    public var variableName: String { rawValue.uppercased() }

    /// The store's plan for this plan.
    public var plan: Plan {
        switch self {
        case .starter: .starter
        case .pro: .pro
        case .unlimited: .unlimited
        case .enterprise: .enterprise
        }
    }
}

extension PlanCatalog {
    /// The store's plan for a plan sold through Stripe.
    static func plan(for paid: PaidPlan) -> Plan { paid.plan }
}

/// How often a subscription is billed.
public enum BillingInterval: String, Hashable, Sendable, CaseIterable {
    /// `STRIPE_PRICE_<PLAN>`.
    case monthly
    /// `STRIPE_PRICE_<PLAN>_YEARLY`.
    case yearly
}

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

/// What billing needs to know, taken from the configuration by the application.
public struct BillingConfiguration: Sendable {
    public var secretKey: Secret
    public var webhookSecret: Secret
    public var apiBase: HTTPURL
    public var timeout: Duration
    /// The configured price id of each plan and interval.
    public var prices: [PriceKey: String]
    /// `APP_URL`: the origin Stripe may send users back to, and the default redirect targets.
    public var appURL: HTTPURL
    /// Further origins redirects may go to.
    public var corsOrigins: CORSOrigins

    public init(secretKey: Secret, webhookSecret: Secret, apiBase: HTTPURL, timeout: Duration, prices: [PriceKey: String],
                appURL: HTTPURL, corsOrigins: CORSOrigins) {
        self.secretKey = secretKey
        self.webhookSecret = webhookSecret
        self.apiBase = apiBase
        self.timeout = timeout
        self.prices = prices
        self.appURL = appURL
        self.corsOrigins = corsOrigins
    }

    /// The configured price id for a plan and interval.
    public func stripePrice(for plan: PaidPlan, interval: BillingInterval) -> String? {
        prices[PriceKey(plan: plan, interval: interval)]
    }

    /// The plan and interval a Stripe price id was configured for.
    public func priceKey(forPriceID priceID: String) -> PriceKey? {
        prices.first { $0.value == priceID }?.key
    }
}
