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
    let store: SQLiteStore
    let stripe: BillingStripeStandIn
    let config: Config

    /// Runs `body` against a fresh harness. `billing: false` leaves Stripe unconfigured; `stripeBase` overrides
    /// `STRIPE_API_BASE` (default: the stand-in).
    static func run(billing: Bool = true, stripeBase: String? = nil, _ body: (BillingTestHarness) async throws -> Void) async throws {
        let directory = try StackFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let stripe = try BillingStripeStandIn()
        defer { stripe.stop() }
        var extra = ["SUPABASE_JWT_SECRET": jwtSecret, "APP_URL": "https://app.example.com",
                     "CORS_ORIGINS": "https://web.example.com"]
        if billing {
            extra.merge(prices) { $1 }
            extra["STRIPE_SECRET_KEY"] = stripeKey
            extra["STRIPE_WEBHOOK_SECRET"] = webhookSecret
            extra["STRIPE_API_BASE"] = stripeBase ?? "http://127.0.0.1:\(stripe.port)"
        }
        let config = try Config.load(environment: StackLive.environment(directory: directory, extra), dotEnvPath: nil)
        let store = try await SQLiteStore.open(directory: directory + "/data")
        let loop = try EventLoop(name: "billing-test-upstream")
        loop.start()
        let pool = try UpstreamPool(config.stripePoolConfiguration, loop: loop)
        let logger = StackFixture.quietLogger
        let verifier = try TokenVerifier(hs256Secret: jwtSecret)
        var router = Router()
        BillingRoutes(auth: AuthMiddleware(verifier: verifier), store: store,
                      billing: config.billing.map { BillingService(config: $0, store: store, pool: pool, logger: logger) }).register(in: &router)
        let server = HTTPServer(configuration: ServerConfiguration(config),
                                responder: buildStack([RecoveryMiddleware(logger: logger)], around: router), logger: logger)
        let port = try server.start()
        let harness = BillingTestHarness(port: port, store: store, stripe: stripe, config: config)
        var failure: (any Error)?
        do { try await body(harness) } catch { failure = error }
        server.shutdown()
        _ = server.waitUntilStopped()
        await pool.shutdown()
        loop.stop()
        _ = loop.join()
        try await store.close()
        if let failure { throw failure }
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
        let signature = header ?? "t=\(t),v1=\(BillingSignatureTests.v1(Array(payload.utf8), t: t, secret: secret))"
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
