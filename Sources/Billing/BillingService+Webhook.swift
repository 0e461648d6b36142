import Basics
import Logging
import Storage

extension BillingService {
    /// Verifies, decodes, deduplicates and applies one webhook delivery. Throws `BillingError` (400) for a bad
    /// signature or an unreadable event, and store errors (500, so Stripe retries) when applying fails.
    package func handleWebhook(payload: [UInt8], signatureHeader: String?) async throws -> WebhookOutcome {
        do {
            try StripeSignature.verify(payload: payload, header: signatureHeader, secret: webhookSecret.value, now: clock.now())
        } catch {
            logger.warning("stripe webhook refused", metadata: ["reason": "\(error)"])
            throw BillingError.invalidSignature(error)
        }
        let event = try BillingEvent(body: payload)
        let id = event.envelope.id
        await webhookGate.acquire()
        defer { webhookGate.release() }
        do {
            // A subscription change is applied in the store's transaction that records the event id (a replay applies
            // nothing); an event without one is recorded once handled. Either way a failure records nothing: the
            // answer is 500 and Stripe's retry, to any instance, applies it.
            var (outcome, recorded) = try await apply(event)
            if !recorded, try await !store.markStripeEventProcessed(id: id, type: event.envelope.type, now: clock.now()) {
                outcome = .duplicate
            }
            logger.info("stripe event", metadata: ["id": "\(id)", "type": "\(event.envelope.type)", "outcome": "\(outcome)"])
            return outcome
        } catch {
            logger.error("stripe event failed", metadata: ["id": "\(id)", "type": "\(event.envelope.type)", "error": "\(error)"])
            throw error
        }
    }

    /// Handles the event; `recorded` is true when the store recorded its id in the transaction that applied it.
    private func apply(_ event: BillingEvent) async throws -> (outcome: WebhookOutcome, recorded: Bool) {
        switch event.payload {
        case .checkoutCompleted(let session): (try await applyCheckout(session), false)
        case let .subscription(subscription, deleted): try await applySubscription(subscription, deleted: deleted, event: event.envelope)
        case let .invoice(invoice, paid): try await applyInvoice(invoice, paid: paid, event: event.envelope)
        case .unhandled: (.ignored("unhandled event type"), false)
        }
    }

    /// `checkout.session.completed`: ties the customer (and, until a subscription event says more, the
    /// subscription id) to the user named by `client_reference_id` / `metadata.user_id`.
    func applyCheckout(_ session: StripeCheckoutSession) async throws -> WebhookOutcome {
        guard session.mode == nil || session.mode == "subscription" else { return .ignored("not a subscription checkout") }
        guard let userID = session.userID else { return .ignored("checkout without user reference") }
        guard let user = try await store.user(id: userID) else {
            logger.warning("stripe checkout for unknown user", metadata: ["user_id": "\(userID)"])
            return .ignored("unknown user")
        }
        let now = clock.now()
        if let customer = session.customer?.id, !customer.isEmpty, user.stripeCustomerID != customer {
            if let owner = try await store.user(byStripeCustomerID: customer), owner.id != user.id {
                logger.warning("stripe customer belongs to another user", metadata: ["customer": "\(customer)"])
                return .ignored("customer belongs to another user")
            }
            _ = try await store.setStripeCustomer(userID: user.id, customerID: customer, now: now)
        }
        // Only the subscription id is known here, not its plan or status. It is recorded with event time 0, which
        // the store applies only while no subscription event has been applied, and which never hides a later one.
        if let subscription = session.subscription?.id, user.subscriptionEventAt == nil || user.subscriptionEventAt == 0,
           user.stripeSubscriptionID != subscription {
            _ = try await store.applySubscription(SubscriptionChange(
                userID: user.id, plan: user.plan, status: user.subscriptionStatus, subscriptionID: subscription,
                periodEnd: user.subscriptionPeriodEnd, eventCreatedAt: 0), now: now)
        }
        return .applied
    }
}

/// What the webhook did with an event; every outcome answers 200 so that Stripe stops retrying.
package enum WebhookOutcome: Sendable, Equatable {
    /// The event changed the user's billing state.
    case applied
    /// The event id was already processed: nothing changed.
    case duplicate
    /// The event was read and deliberately left without effect (stale, unknown price, unhandled type, …).
    case ignored(String)

    /// `{"received":true}`, with `"duplicate":true` or `"ignored":"<reason>"`.
    package var json: String {
        switch self {
        case .applied: "{\"received\":true}"
        case .duplicate: "{\"received\":true,\"duplicate\":true}"
        case .ignored(let reason): "{\"received\":true,\"ignored\":" + JSON.quote(reason) + "}"
        }
    }
}
