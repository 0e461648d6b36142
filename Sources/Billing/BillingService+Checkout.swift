import Basics
import Accounts
public import Identity
import Logging
import Storage

extension BillingService {
    /// Creates a subscription checkout for the user of `identity` from a `create-checkout` body: the price comes
    /// only from `STRIPE_PRICE_<PLAN>[_YEARLY]`, redirect URLs only from the allowed origins, and the user's
    /// Stripe customer is created once and reused.
    package func createCheckout(identity: Identity, request: CheckoutRequest) async throws -> (sessionID: String, url: String) {
        let price = try resolvePrice(request)
        let successURL = try redirects.validated(request.successUrl, field: "successUrl",
                                                 fallback: appURL + "/billing/success?session_id={CHECKOUT_SESSION_ID}")
        let cancelURL = try redirects.validated(request.cancelUrl, field: "cancelUrl", fallback: appURL + "/billing/cancel")
        let user = try await UserResolver.resolve(identity, store, now: clock.now())
        let customer = try await customerID(for: user)
        let session = try await client.createCheckoutSession(customer: customer, price: price, userID: user.id,
                                                             successURL: successURL, cancelURL: cancelURL)
        return (session.id, session.url)
    }

    /// Opens the billing portal for the user of `identity`; 400 when they have no Stripe customer yet.
    package func createPortal(identity: Identity, request: PortalRequest) async throws -> String {
        let user = try await UserResolver.resolve(identity, store, now: clock.now())
        guard let customer = user.stripeCustomerID, !customer.isEmpty else { throw BillingError.noBillingAccount }
        let returnURL = try redirects.validated(request.returnUrl, field: "returnUrl", fallback: appURL + "/billing")
        return try await client.createPortalSession(customer: customer, returnURL: returnURL)
    }

    /// The configured price for `{"plan","interval"?}` or a configured legacy `{"priceId"}`.
    func resolvePrice(_ request: CheckoutRequest) throws(BillingError) -> String {
        if let planName = request.plan {
            let name = planName.lowercased()
            guard let plan = PaidPlan(rawValue: name) else {
                let choices = PaidPlan.allCases.map(\.rawValue).joined(separator: ", ")
                throw .invalidRequest(name == "free" ? "The free plan needs no checkout"
                                                     : "Unknown plan: use one of \(choices)")
            }
            let interval: BillingInterval
            switch request.interval?.lowercased() {
            // `month` and `year` are what the older desktop client sends.
            case nil, "monthly", "month": interval = .monthly
            case "yearly", "year": interval = .yearly
            default: throw .invalidRequest("Invalid interval: use monthly or yearly (month or year)")
            }
            guard let price = config.stripePrice(for: plan, interval: interval) else {
                throw .invalidRequest("The \(plan.rawValue) plan is not available with \(interval.rawValue) billing")
            }
            return price
        }
        if let priceID = request.priceId {
            guard config.priceKey(forPriceID: priceID) != nil else { throw .invalidRequest("Unknown priceId") }
            return priceID
        }
        throw .invalidRequest("plan is required")
    }

    /// The user's Stripe customer, created (and stored) on first use.
    func customerID(for user: UserRecord) async throws -> String {
        if let existing = user.stripeCustomerID, !existing.isEmpty { return existing }
        let created = try await client.createCustomer(email: user.email, userID: user.id)
        _ = try await store.setStripeCustomer(userID: user.id, customerID: created, now: clock.now())
        logger.info("stripe customer created", metadata: ["user_id": "\(user.id)", "customer": "\(created)"])
        return created
    }
}

/// The body of `POST /api/subscriptions/create-checkout`: `{"plan","interval"?}` as the desktop client sends it,
/// or the legacy `{"priceId"}`, with optional `successUrl` / `cancelUrl`.
package struct CheckoutRequest: Decodable, Sendable, Equatable {
    var plan: String?
    var interval: String?
    var priceId: String?
    var successUrl: String?
    var cancelUrl: String?
}

/// The body of `POST /api/subscriptions/create-portal`: `{"returnUrl"?}`.
package struct PortalRequest: Decodable, Sendable, Equatable {
    var returnUrl: String?
}
