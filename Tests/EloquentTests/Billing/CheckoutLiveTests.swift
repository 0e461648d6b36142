@testable import Billing
import Foundation
import Storage
import TestSupport
import Synchronization
import Testing
@testable import Eloquent

/// Checkout and portal through the real server against the loopback Stripe stand-in.
@Suite struct BillingCheckoutLiveTests {
    @Test func checkoutCreatesTheCustomerOnceAndReusesIt() async throws {
        try await BillingTestHarness.run { h in
            let first = try h.post("/api/subscriptions/create-checkout", user: "user-a", json: #"{"plan":"pro"}"#)
            #expect(first.status == 200, "\(first.text)")
            let answer = try StackFixture.jsonObject(first.body)
            #expect((answer["sessionId"] as? String)?.hasPrefix("cs_test_") == true)
            #expect((answer["url"] as? String)?.hasPrefix("https://checkout.stripe.com/") == true)
            let stored = try #require(try await h.store.user(id: "user-a"))
            #expect(stored.stripeCustomerID == "cus_test_1" && stored.email == "ada@example.com")

            let second = try h.post("/api/subscriptions/create-checkout", user: "user-a",
                                    json: #"{"plan":"PRO","interval":"yearly","successUrl":"https://web.example.com/done?a=1&b=x+y","cancelUrl":"https://app.example.com/back"}"#)
            #expect(second.status == 200, "\(second.text)")

            let customers = h.stripe.requests(to: "/v1/customers")
            #expect(customers.count == 1)
            #expect(customers.first?.form["metadata[user_id]"] == "user-a" && customers.first?.form["email"] == "ada@example.com")
            let sessions = h.stripe.requests(to: "/v1/checkout/sessions")
            #expect(sessions.count == 2)
            for session in sessions {
                #expect(session.form["customer"] == "cus_test_1")
                #expect(session.form["client_reference_id"] == "user-a" && session.form["metadata[user_id]"] == "user-a")
                #expect(session.form["mode"] == "subscription" && session.form["line_items[0][quantity]"] == "1")
            }
            #expect(sessions[0].form["line_items[0][price]"] == "price_pro_m")
            #expect(sessions[0].form["success_url"] == "https://app.example.com/billing/success?session_id={CHECKOUT_SESSION_ID}")
            #expect(sessions[0].form["cancel_url"] == "https://app.example.com/billing/cancel")
            #expect(sessions[1].form["line_items[0][price]"] == "price_pro_y")
            #expect(sessions[1].form["success_url"] == "https://web.example.com/done?a=1&b=x+y")
            #expect(sessions[1].form["cancel_url"] == "https://app.example.com/back")
            for request in h.stripe.requests {
                #expect(request.headers["authorization"] == "Bearer " + BillingTestHarness.stripeKey)
                #expect(request.headers["stripe-version"] == StripeClient.apiVersion)
                #expect(request.headers["content-type"] == "application/x-www-form-urlencoded")
                #expect((request.headers["idempotency-key"] ?? "").utf8.count >= 20)
            }
            #expect(sessions[0].headers["idempotency-key"] != sessions[1].headers["idempotency-key"])
        }
    }

    @Test func concurrentFirstCheckoutsShareOneCustomer() async throws {
        try await BillingTestHarness.run { h in
            // Blocking clients on GCD threads, so the cooperative pool stays free for the server side.
            let replies = Mutex<[Int]>([])
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                let status = (try? h.post("/api/subscriptions/create-checkout", user: "user-r", json: #"{"plan":"starter"}"#).status) ?? -1
                replies.withLock { $0.append(status) }
            }
            #expect(replies.withLock { $0 } == [200, 200, 200, 200])
            #expect(Set(h.stripe.requests(to: "/v1/customers").map { $0.headers["idempotency-key"] }).count == 1)
            #expect(Set(h.stripe.requests(to: "/v1/checkout/sessions").map { $0.form["customer"] }) == ["cus_test_1"])
            let stored = try await h.store.user(id: "user-r")
            #expect(stored?.stripeCustomerID == "cus_test_1")
        }
    }

    @Test func legacyPriceIDMustBeConfigured() async throws {
        try await BillingTestHarness.run { h in
            let accepted = try h.post("/api/subscriptions/create-checkout", user: "user-b", json: #"{"priceId":"price_starter_m"}"#)
            #expect(accepted.status == 200)
            #expect(h.stripe.requests(to: "/v1/checkout/sessions").last?.form["line_items[0][price]"] == "price_starter_m")
            let refused = try h.post("/api/subscriptions/create-checkout", user: "user-b", json: #"{"priceId":"price_attacker_1cent"}"#)
            #expect(refused.status == 400 && refused.text.contains("Unknown priceId"))
            #expect(h.stripe.requests(to: "/v1/checkout/sessions").count == 1)
        }
    }

    @Test func badPlansIntervalsAndBodiesAre400WithoutCallingStripe() async throws {
        try await BillingTestHarness.run { h in
            let cases: [(String, String)] = [
                (#"{"plan":"platinum"}"#, "Unknown plan"), (#"{"plan":"free"}"#, "free plan"),
                (#"{"plan":"pro","interval":"weekly"}"#, "Invalid interval"),
                (#"{"plan":"unlimited"}"#, "not available"), (#"{"plan":"starter","interval":"yearly"}"#, "not available"),
                (#"{}"#, "plan is required"), ("", "plan is required"), ("[]", "Invalid request"), ("{\"plan\":", "Invalid request"),
                (#"{"plan":42}"#, "Invalid request"), ("\u{0}\u{1}garbage", "Invalid request"),
            ]
            for (body, message) in cases {
                let reply = try h.post("/api/subscriptions/create-checkout", user: "user-c", json: body)
                #expect(reply.status == 400, "\(body)")
                #expect((try? StackFixture.jsonObject(reply.body)["error"] as? String)?.contains(message) == true, "\(body): \(reply.text)")
            }
            #expect(h.stripe.requests.isEmpty)
            let unauthenticated = try StackLive.send(h.port, "/api/subscriptions/create-checkout", method: "POST", body: Array(#"{"plan":"pro"}"#.utf8))
            #expect(unauthenticated.status == 401)
            let huge = try h.post("/api/subscriptions/create-checkout", user: "user-c",
                                  json: #"{"plan":"pro","x":""# + String(repeating: "a", count: 70_000) + #""}"#)
            #expect(huge.status == 413)
        }
    }

    @Test func redirectURLsOffTheAllowedOriginsAre400() async throws {
        try await BillingTestHarness.run { h in
            for url in ["https://evil.example.com/x", "http://app.example.com/x", "https://app.example.com.evil.com/",
                        "https://app.example.com@evil.com/", "//evil.com/", "javascript:alert(1)", "/relative"] {
                for field in ["successUrl", "cancelUrl"] {
                    let body = #"{"plan":"pro","\#(field)":"\#(url)"}"#
                    let reply = try h.post("/api/subscriptions/create-checkout", user: "user-d", json: body)
                    #expect(reply.status == 400 && reply.text.contains(field), "\(body)")
                }
            }
            #expect(h.stripe.requests.isEmpty)
        }
    }

    @Test func stripeErrorsAre502WithTheMessage() async throws {
        try await BillingTestHarness.run { h in
            let reply = try h.post("/api/subscriptions/create-checkout", user: "user-e", json: #"{"plan":"enterprise"}"#)
            #expect(reply.status == 502)
            #expect((try StackFixture.jsonObject(reply.body)["error"] as? String) == "Payment provider error: No such price: 'price_broken'")
        }
        try await BillingTestHarness.run(stripeBase: "http://127.0.0.1:1") { h in
            let reply = try h.post("/api/subscriptions/create-checkout", user: "user-e", json: #"{"plan":"pro"}"#)
            #expect(reply.status == 502 && reply.text.contains("Payment provider unavailable"))
            #expect(try await h.store.user(id: "user-e")?.stripeCustomerID == nil)
        }
    }

    @Test func portalNeedsACustomerAndAnAllowedReturnURL() async throws {
        try await BillingTestHarness.run { h in
            let none = try h.post("/api/subscriptions/create-portal", user: "user-f", json: "")
            #expect(none.status == 400 && none.text == #"{"error":"No billing account found"}"#)
            #expect(try h.post("/api/subscriptions/create-checkout", user: "user-f", json: #"{"plan":"pro"}"#).status == 200)
            let portal = try h.post("/api/subscriptions/create-portal", user: "user-f", json: "")
            #expect(portal.status == 200)
            #expect((try StackFixture.jsonObject(portal.body)["url"] as? String)?.hasPrefix("https://billing.stripe.com/") == true)
            let custom = try h.post("/api/subscriptions/create-portal", user: "user-f", json: #"{"returnUrl":"https://web.example.com/account"}"#)
            #expect(custom.status == 200)
            let requests = h.stripe.requests(to: "/v1/billing_portal/sessions")
            #expect(requests.map { $0.form["customer"] } == ["cus_test_1", "cus_test_1"])
            #expect(requests.map { $0.form["return_url"] } == ["https://app.example.com/billing", "https://web.example.com/account"])
            #expect(requests.allSatisfy { $0.headers["idempotency-key"] != nil && $0.headers["stripe-version"] == StripeClient.apiVersion })
            let evil = try h.post("/api/subscriptions/create-portal", user: "user-f", json: #"{"returnUrl":"https://evil.example.com/"}"#)
            #expect(evil.status == 400 && evil.text.contains("returnUrl"))
            #expect(h.stripe.requests(to: "/v1/billing_portal/sessions").count == 2)
        }
    }

    @Test func billingRoutesAre503WithoutStripeButStatusWorks() async throws {
        try await BillingTestHarness.run(billing: false) { h in
            for path in ["/api/subscriptions/create-checkout", "/api/subscriptions/create-portal"] {
                let reply = try h.post(path, user: "user-g", json: #"{"plan":"pro"}"#)
                #expect(reply.status == 503 && reply.text == #"{"error":"billing not configured"}"#, "\(path)")
            }
            let webhook = try h.webhook(BillingTestHarness.subscriptionEvent(id: "evt_x", created: 1, customer: "cus_1"))
            #expect(webhook.status == 503 && webhook.text == #"{"error":"billing not configured"}"#)
            let status = try h.status(user: "user-g")
            #expect(status["plan"] as? String == "free" && status["status"] as? String == "free" && status["endDate"] is NSNull)
            let limits = try #require(status["limits"] as? [String: Any])
            #expect(limits["minutes"] as? Int == 60 && limits["features"] as? [String] == ["basic_transcription"])
            // The status route created the user row from the token's claims.
            #expect(try await h.store.user(id: "user-g")?.email == "ada@example.com")
            #expect(h.stripe.requests.isEmpty)
        }
    }
}
