public import Billing
public import Upstream

extension Config {
    public typealias PaidPlan = Billing.PaidPlan
    public typealias BillingInterval = Billing.BillingInterval
    public typealias PriceKey = Billing.PriceKey

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

extension Config {
    /// What billing needs, when `STRIPE_SECRET_KEY` and `STRIPE_WEBHOOK_SECRET` are set.
    public var billing: BillingConfiguration? {
        guard let secretKey = stripeSecretKey, let webhookSecret = stripeWebhookSecret else { return nil }
        return BillingConfiguration(secretKey: secretKey, webhookSecret: webhookSecret, apiBase: stripeAPIBase,
                                    timeout: stripeTimeout, prices: stripePrices, appURL: appURL, corsOrigins: corsOrigins)
    }

    /// The settings of the `stripe` pool (`STRIPE_TIMEOUT` and the shared pool limits).
    public var stripePoolConfiguration: UpstreamPool.Configuration {
        UpstreamPool.Configuration(
            name: UpstreamService.stripe.rawValue, maxIdleConnections: maxIdleConns,
            maxConnectionsPerHost: maxConnsPerHost, maxIdlePerHost: maxIdleConnsPerHost, idleTimeout: idleConnTimeout,
            requestTimeout: stripeTimeout, maxResponseBytes: 1 << 20)
    }
}
