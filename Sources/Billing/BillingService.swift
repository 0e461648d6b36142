public import Basics
public import Logging
public import Storage
public import Upstream

/// Stripe billing (SPEC section 7): checkout and portal sessions through the `stripe` pool, and the signed webhook
/// that applies subscription state to the store. Exists only when `STRIPE_SECRET_KEY` (and with it, by the
/// configuration's consistency rule, `STRIPE_WEBHOOK_SECRET`) is set.
public final class BillingService: Sendable {
    let config: BillingConfiguration
    let store: any Store
    let client: StripeClient
    let webhookSecret: Secret
    let redirects: RedirectURLPolicy
    let clock: EpochClock
    let logger: Logger
    /// Held while one webhook event is recorded and applied (read user, then write).
    let webhookGate = AsyncSerialGate()

    /// The service for `config`, calling Stripe through `pool` (named `stripe`); nil when billing is not configured.
    public init(config: BillingConfiguration, store: any Store, pool: UpstreamPool, clock: EpochClock = .system, logger: Logger) {
        self.config = config
        self.store = store
        self.client = StripeClient(pool: pool, baseURL: config.apiBase, secretKey: config.secretKey,
                                   timeout: config.timeout, clock: clock)
        self.webhookSecret = config.webhookSecret
        self.redirects = RedirectURLPolicy(appURL: config.appURL, corsOrigins: config.corsOrigins)
        self.clock = clock
        self.logger = logger
    }

    /// `APP_URL` without a trailing slash.
    var appURL: String { config.appURL.description }
}
