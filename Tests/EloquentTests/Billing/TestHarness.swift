@testable import Basics
@testable import Billing
@testable import Identity
import Crypto
import Foundation
import HTTPServer
import Storage
import TestSupport
import Upstream
import UVCore
@testable import Eloquent

/// The billing routes served by a real `HTTPServer` (with the application's recovery layer), on a temporary SQLite
/// store, calling a `BillingStripeStandIn` through a real `stripe` upstream pool.
struct BillingTestHarness {
    static let jwtSecret = "billing-test-jwt-secret-0123456789-abcdef"
    static let webhookSecret = "whsec_billing_test_secret"
    static let stripeKey = "sk_test_billing_0123456789"
    static let prices = [
        "STRIPE_PRICE_PRO": "price_pro_m", "STRIPE_PRICE_PRO_YEARLY": "price_pro_y",
        "STRIPE_PRICE_STARTER": "price_starter_m", "STRIPE_PRICE_ENTERPRISE": "price_broken",
    ]

    let port: Int
    let store: any Store
    let stripe: BillingStripeStandIn
    let config: Config

    /// Runs `body` against the whole application (its production middleware stack) with a fresh store, calling a
    /// `BillingStripeStandIn` through the real `stripe` upstream pool. `billing: false` leaves Stripe unconfigured;
    /// `stripeBase` overrides `STRIPE_API_BASE` (default: the stand-in).
    static func run(billing: Bool = true, stripeBase: String? = nil, _ body: (BillingTestHarness) async throws -> Void) async throws {
        let stripe = try BillingStripeStandIn()
        defer { stripe.stop() }
        var settings = ["SUPABASE_JWT_SECRET": jwtSecret, "APP_URL": "https://app.example.com",
                        "CORS_ORIGINS": "https://web.example.com", "RATE_LIMIT_REQUESTS": "100000"]
        if billing {
            settings.merge(prices) { $1 }
            settings["STRIPE_SECRET_KEY"] = stripeKey
            settings["STRIPE_WEBHOOK_SECRET"] = webhookSecret
            settings["STRIPE_API_BASE"] = stripeBase ?? stripe.url()
        }
        _ = try await LiveApplication.run(settings) { live in
            try await body(BillingTestHarness(port: live.port, store: live.application.store, stripe: stripe, config: live.config))
        }
    }

    static func token(_ user: String, email: String = "ada@example.com") throws -> String {
        try TokenMinter.mint(sub: user, email: email, secret: jwtSecret)
    }

    /// An authenticated JSON POST.
    func post(_ path: String, user: String, json: String) throws -> RawClient.Reply {
        try StackLive.send(port, path, method: "POST", headers: [
            ("Authorization", "Bearer " + (try Self.token(user))), ("Content-Type", "application/json"),
        ], body: Array(json.utf8))
    }

    func status(user: String) throws -> [String: Any] {
        let reply = try StackLive.send(port, "/api/subscriptions/status", headers: [("Authorization", "Bearer " + (try Self.token(user)))])
        return try StackFixture.jsonObject(reply.body)
    }

    /// Delivers `payload` to the webhook signed with `secret` at `timestamp` (default now).
    func webhook(_ payload: String, secret: String = webhookSecret, timestamp: Int? = nil,
                 header: String? = nil) throws -> RawClient.Reply {
        let t = timestamp ?? EpochClock.system.now()
        let signature = header ?? "t=\(t),v1=\(StripeTestSignature.v1(Array(payload.utf8), t: t, secret: secret))"
        return try StackLive.send(port, "/api/webhooks/stripe", method: "POST",
                                  headers: [("Stripe-Signature", signature), ("Content-Type", "application/json")],
                                  body: Array(payload.utf8))
    }

    /// A `customer.subscription.*` event.
    static func subscriptionEvent(id: String, type: String = "customer.subscription.updated", created: Int, customer: String,
                                  subscription: String = "sub_1", status: String = "active", price: String = "price_pro_m",
                                  periodEnd: Int = 1_767_225_600) -> String {
        #"{"id":"\#(id)","object":"event","type":"\#(type)","created":\#(created),"data":{"object":{"id":"\#(subscription)","object":"subscription","customer":"\#(customer)","status":"\#(status)","current_period_end":\#(periodEnd),"items":{"object":"list","data":[{"id":"si_1","price":{"id":"\#(price)","object":"price"}}]}}}}"#
    }

    static func invoiceEvent(id: String, paid: Bool, created: Int, customer: String, subscription: String = "sub_1") -> String {
        #"{"id":"\#(id)","type":"\#(paid ? "invoice.paid" : "invoice.payment_failed")","created":\#(created),"data":{"object":{"id":"in_\#(id)","customer":"\#(customer)","subscription":"\#(subscription)"}}}"#
    }
}
