import Basics
import Accounts
import Logging
import Storage

extension BillingService {
    /// `customer.subscription.created|updated|deleted`: the plan of the subscription's configured price while its
    /// status entitles (active, trialing, past_due), else free; deleted is free. Older events than the last applied
    /// change nothing (the store's check), and a winding-down old subscription never overrides the current one.
    func applySubscription(_ subscription: StripeSubscription, deleted: Bool, event: StripeEvent) async throws -> (outcome: WebhookOutcome, recorded: Bool) {
        guard let customer = subscription.customer?.id else { return (.ignored("subscription without customer"), false) }
        guard let user = try await store.user(byStripeCustomerID: customer) else {
            logger.warning("stripe subscription for unknown customer", metadata: ["customer": "\(customer)"])
            return (.ignored("unknown customer"), false)
        }
        let status = subscription.status ?? (deleted ? "canceled" : "")
        guard !status.isEmpty else { return (.ignored("subscription without status"), false) }
        let entitled = !deleted && subscription.isEntitled
        if let current = user.stripeSubscriptionID, current != subscription.id, !entitled {
            return (.ignored("not the user's current subscription"), false)
        }
        var plan = Plan.free
        if !deleted {
            guard let key = subscription.priceIDs.lazy.compactMap({ self.config.priceKey(forPriceID: $0) }).first else {
                logger.warning("stripe subscription with unconfigured price", metadata: [
                    "subscription": "\(subscription.id)", "prices": "\(subscription.priceIDs)",
                ])
                return (.ignored("unknown price"), false)
            }
            if entitled { plan = PlanCatalog.plan(for: key.plan) }
        }
        let change = SubscriptionChange(
            userID: user.id, plan: plan, status: status, subscriptionID: subscription.id,
            periodEnd: deleted ? (subscription.endedAt ?? subscription.periodEnd) : subscription.periodEnd,
            eventCreatedAt: event.created)
        return try await outcome(of: change, event: event)
    }

    /// `invoice.paid` (active) / `invoice.payment_failed` (past_due) for the user's current subscription. The
    /// status is applied without moving the user's event watermark: invoices say nothing about the plan, so a
    /// subscription event created before the invoice but delivered after it must still apply.
    func applyInvoice(_ invoice: StripeInvoice, paid: Bool, event: StripeEvent) async throws -> (outcome: WebhookOutcome, recorded: Bool) {
        guard let customer = invoice.customer?.id, let subscription = invoice.subscriptionID else {
            return (.ignored("invoice without customer or subscription"), false)
        }
        guard let user = try await store.user(byStripeCustomerID: customer) else {
            logger.warning("stripe invoice for unknown customer", metadata: ["customer": "\(customer)"])
            return (.ignored("unknown customer"), false)
        }
        if let current = user.stripeSubscriptionID, current != subscription {
            return (.ignored("not the user's current subscription"), false)
        }
        if let status = user.subscriptionStatus, ["canceled", "incomplete_expired"].contains(status) {
            return (.ignored("subscription already ended"), false)
        }
        let watermark = user.subscriptionEventAt ?? 0
        guard event.created >= watermark else { return (.ignored("stale event"), false) }
        let change = SubscriptionChange(
            userID: user.id, plan: user.plan, status: paid ? "active" : "past_due", subscriptionID: subscription,
            periodEnd: user.subscriptionPeriodEnd, eventCreatedAt: watermark)
        return try await outcome(of: change, event: event)
    }

    /// Applies `change` and records `event` in one store transaction: a replay applies nothing, a failure records nothing.
    private func outcome(of change: SubscriptionChange, event: StripeEvent) async throws -> (outcome: WebhookOutcome, recorded: Bool) {
        switch try await store.applySubscription(change, recordingEvent: event.id, type: event.type, now: clock.now()) {
        case .duplicate: (.duplicate, true)
        case .processed(.applied): (.applied, true)
        case .processed(.stale): (.ignored("stale event"), true)
        case .processed(.unknownUser): (.ignored("unknown user"), true)
        }
    }
}
