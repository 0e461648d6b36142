import Accounts
import Basics
import Billing
import HTTPServer
import HTTP1
import Storage

/// `/api/subscriptions/*` and `/api/webhooks/stripe`. Checkout, portal and webhook need Stripe
/// (`503 {"error":"billing not configured"}` without `STRIPE_SECRET_KEY`); status reads the stored user only.
struct BillingRoutes {
    /// Largest webhook body read (Stripe's events are a few KiB).
    static let maxWebhookBytes = 1 << 20

    let auth: AuthMiddleware
    let store: any Store
    let billing: BillingService?
    /// Keeps the subscription status per user until a write changes it (`RESPONSE_CACHE_TTL`).
    var cached: ResponseCacheMiddleware? = nil

    func register(in router: inout Router) {
        let store = store
        let billing = billing
        router.add("POST", "/api/subscriptions/create-checkout", through: [auth]) { request in
            let identity = try request.requireIdentity()
            guard let billing else { throw BillingError.notConfigured }
            let checkout = try await RequestJSON.decode(CheckoutRequest.self, request, empty: .emptyObject, invalid: "Invalid request: the body must be a JSON object with string fields")
            let session = try await billing.createCheckout(identity: identity, request: checkout)
            return .json("{\"sessionId\":\(JSON.quote(session.sessionID)),\"url\":\(JSON.quote(session.url))}")
        }
        router.add("POST", "/api/subscriptions/create-portal", through: [auth]) { request in
            let identity = try request.requireIdentity()
            guard let billing else { throw BillingError.notConfigured }
            let portal = try await RequestJSON.decode(PortalRequest.self, request, empty: .emptyObject, invalid: "Invalid request: the body must be a JSON object with string fields")
            let url = try await billing.createPortal(identity: identity, request: portal)
            return .json("{\"url\":\(JSON.quote(url))}")
        }
        router.add("GET", "/api/subscriptions/status", through: [auth] + [cached].compactMap { $0 }) { request in
            let user = try await UserResolver.resolve(try request.requireIdentity(), store)
            return .json(AccountJSON.subscription(user))
        }
        router.post("/api/webhooks/stripe") { request in
            guard let billing else { throw BillingError.notConfigured }
            let payload = try await request.body.collect(upTo: Self.maxWebhookBytes)
            let outcome = try await billing.handleWebhook(payload: payload, signatureHeader: request.headers["Stripe-Signature"])
            return .json(outcome.json)
        }
    }
}
