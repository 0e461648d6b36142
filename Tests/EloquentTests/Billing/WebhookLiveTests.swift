@testable import Basics
import Foundation
import Storage
import TestSupport
import Testing
@testable import Eloquent

/// The Stripe webhook through the real server, with signatures computed in the test.
@Suite struct BillingWebhookLiveTests {
    typealias H = BillingTestHarness

    /// A user `id` whose Stripe customer is `customer`.
    static func customer(_ h: H, user id: String, customer: String) async throws {
        _ = try await h.store.upsertUserFromSignIn(id: id, email: "\(id)@example.com", name: nil, pictureURL: nil, now: 1)
        #expect(try await h.store.setStripeCustomer(userID: id, customerID: customer, now: 1))
    }

    @Test func validEventsApplyAndStatusReflectsThem() async throws {
        try await H.run { h in
            try await Self.customer(h, user: "user-w", customer: "cus_w")
            let created = try h.webhook(H.subscriptionEvent(id: "evt_1", type: "customer.subscription.created", created: 1000, customer: "cus_w"))
            #expect(created.status == 200 && created.text == #"{"received":true}"#)
            var status = try h.status(user: "user-w")
            #expect(status["plan"] as? String == "pro" && status["status"] as? String == "active")
            #expect(status["endDate"] as? String == "2026-01-01T00:00:00.000Z")
            #expect((status["limits"] as? [String: Any])?["minutes"] as? Int == 600)
            #expect(try await h.store.user(id: "user-w")?.stripeSubscriptionID == "sub_1")

            #expect(try h.webhook(H.invoiceEvent(id: "evt_2", paid: false, created: 1100, customer: "cus_w")).status == 200)
            status = try h.status(user: "user-w")
            #expect(status["plan"] as? String == "pro" && status["status"] as? String == "past_due")
            #expect(try h.webhook(H.invoiceEvent(id: "evt_3", paid: true, created: 1200, customer: "cus_w")).status == 200)
            #expect(try h.status(user: "user-w")["status"] as? String == "active")

            let upgraded = H.subscriptionEvent(id: "evt_4", created: 1300, customer: "cus_w", price: "price_starter_m", periodEnd: 1_800_000_000)
            #expect(try h.webhook(upgraded).status == 200)
            status = try h.status(user: "user-w")
            #expect(status["plan"] as? String == "starter" && status["endDate"] as? String == "2027-01-15T08:00:00.000Z")

            let deleted = H.subscriptionEvent(id: "evt_5", type: "customer.subscription.deleted", created: 1400, customer: "cus_w", status: "canceled")
            #expect(try h.webhook(deleted).status == 200)
            status = try h.status(user: "user-w")
            #expect(status["plan"] as? String == "free" && status["status"] as? String == "canceled")
            // An invoice after the end changes nothing.
            let late = try h.webhook(H.invoiceEvent(id: "evt_6", paid: true, created: 1500, customer: "cus_w"))
            #expect(late.status == 200 && late.text.contains("ignored"))
            #expect(try h.status(user: "user-w")["status"] as? String == "canceled")
        }
    }

    /// The change and the event id are recorded in one transaction: a failed apply answers 500 (Stripe retries) and
    /// records nothing, so the retry applies it; after that a replay is a duplicate.
    @Test func aFailedApplyAnswers500AndRecordsNothingSoTheRetryApplies() async throws {
        try await H.run { h in
            try await Self.customer(h, user: "user-f", customer: "cus_f")
            let sqlite = try #require((h.store as? CachedStore)?.base as? SQLiteStore)
            try await sqlite.runForTest("""
                CREATE TRIGGER refuse_pro BEFORE UPDATE OF plan ON users WHEN NEW.plan = 'pro'
                BEGIN SELECT RAISE(ABORT, 'refused by the test'); END
                """)
            let event = H.subscriptionEvent(id: "evt_f1", type: "customer.subscription.created", created: 1000, customer: "cus_f")
            #expect(try h.webhook(event).status == 500)
            #expect(try h.status(user: "user-f")["plan"] as? String == "free")
            #expect(try h.webhook(event).status == 500)  // still failing: still not recorded
            try await sqlite.runForTest("DROP TRIGGER refuse_pro")
            let retried = try h.webhook(event)
            #expect(retried.status == 200 && retried.text == #"{"received":true}"#)
            #expect(try h.status(user: "user-f")["plan"] as? String == "pro")
            #expect(try h.webhook(event).text == #"{"received":true,"duplicate":true}"#)
        }
    }

    @Test func badSignaturesAre400AndChangeNothing() async throws {
        try await H.run { h in
            try await Self.customer(h, user: "user-s", customer: "cus_s")
            let event = H.subscriptionEvent(id: "evt_s1", created: 1000, customer: "cus_s")
            let now = EpochClock.system.now()
            let refusals = [
                try h.webhook(event, secret: "whsec_wrong"),
                try h.webhook(event, timestamp: now - 301),
                try h.webhook(event, timestamp: now + 301),
                try h.webhook(event, header: ""),
                try h.webhook(event, header: "t=\(now)"),
                try h.webhook(event, header: "v1=abc"),
                try StackLive.send(h.port, "/api/webhooks/stripe", method: "POST", body: Array(event.utf8)),
            ]
            for reply in refusals {
                #expect(reply.status == 400 && reply.text == #"{"error":"Invalid signature"}"#)
            }
            // Signed for one body, delivered with another.
            let t = now
            let header = "t=\(t),v1=\(StripeTestSignature.v1(Array(event.utf8), t: t, secret: H.webhookSecret))"
            let tampered = event.replacingOccurrences(of: "price_pro_m", with: "price_pro_y")
            #expect(try h.webhook(tampered, header: header).status == 400)
            #expect(try await h.store.user(id: "user-s")?.plan == .free)
            // None of them was recorded: the genuine event still applies.
            #expect(try h.webhook(event).text == #"{"received":true}"#)
            #expect(try await h.store.user(id: "user-s")?.plan == .pro)
        }
    }

    @Test func replayAndOutOfOrderEventsChangeNothing() async throws {
        try await H.run { h in
            try await Self.customer(h, user: "user-o", customer: "cus_o")
            let first = H.subscriptionEvent(id: "evt_o1", created: 1000, customer: "cus_o", status: "active")
            let second = H.subscriptionEvent(id: "evt_o2", created: 2000, customer: "cus_o", status: "past_due", price: "price_pro_y")
            #expect(try h.webhook(first).status == 200)
            #expect(try h.webhook(second).status == 200)
            let before = try #require(try await h.store.user(id: "user-o"))
            #expect(before.plan == .pro && before.subscriptionStatus == "past_due" && before.subscriptionEventAt == 2000)

            // The same event id again (re-signed now): acknowledged as a duplicate, nothing applied.
            let replay = try h.webhook(first)
            #expect(replay.status == 200 && replay.text == #"{"received":true,"duplicate":true}"#)
            // A new event created before the last applied one: ignored as stale.
            let older = H.subscriptionEvent(id: "evt_o3", created: 1500, customer: "cus_o", status: "canceled", price: "price_starter_m")
            let stale = try h.webhook(older)
            #expect(stale.status == 200 && stale.text == #"{"received":true,"ignored":"stale event"}"#)
            let staleInvoice = try h.webhook(H.invoiceEvent(id: "evt_o4", paid: true, created: 1999, customer: "cus_o"))
            #expect(staleInvoice.status == 200 && staleInvoice.text.contains("stale event"))
            let after = try #require(try await h.store.user(id: "user-o"))
            #expect(after.plan == before.plan && after.subscriptionStatus == before.subscriptionStatus)
            #expect(after.subscriptionEventAt == before.subscriptionEventAt && after.subscriptionPeriodEnd == before.subscriptionPeriodEnd)
        }
    }

    @Test func invoicesDoNotHideAnEarlierSubscriptionChangeDeliveredLate() async throws {
        try await H.run { h in
            try await Self.customer(h, user: "user-l", customer: "cus_l")
            #expect(try h.webhook(H.subscriptionEvent(id: "evt_l1", created: 1000, customer: "cus_l", price: "price_starter_m")).status == 200)
            // Stripe sends the upgrade (t=2000) and its invoice (t=2001); the invoice arrives first.
            #expect(try h.webhook(H.invoiceEvent(id: "evt_l3", paid: true, created: 2001, customer: "cus_l")).text == #"{"received":true}"#)
            #expect(try h.webhook(H.subscriptionEvent(id: "evt_l2", created: 2000, customer: "cus_l")).text == #"{"received":true}"#)
            #expect(try await h.store.user(id: "user-l")?.plan == .pro)
        }
    }

    @Test func unknownPricesCustomersAndTypesAreAcknowledgedAndIgnored() async throws {
        try await H.run { h in
            try await Self.customer(h, user: "user-u", customer: "cus_u")
            #expect(try h.webhook(H.subscriptionEvent(id: "evt_u1", created: 1000, customer: "cus_u")).status == 200)
            let unknownPrice = try h.webhook(H.subscriptionEvent(id: "evt_u2", created: 2000, customer: "cus_u", price: "price_not_ours"))
            #expect(unknownPrice.status == 200 && unknownPrice.text == #"{"received":true,"ignored":"unknown price"}"#)
            let unknownCustomer = try h.webhook(H.subscriptionEvent(id: "evt_u3", created: 2000, customer: "cus_nobody"))
            #expect(unknownCustomer.status == 200 && unknownCustomer.text.contains("unknown customer"))
            let other = try h.webhook(#"{"id":"evt_u4","type":"charge.refunded","created":2000,"data":{"object":{"id":"ch_1"}}}"#)
            #expect(other.status == 200 && other.text.contains("unhandled event type"))
            let user = try #require(try await h.store.user(id: "user-u"))
            #expect(user.plan == .pro && user.subscriptionEventAt == 1000)
            // A verified body that is not an event is refused (and not recorded).
            #expect(try h.webhook(#"{"id":"evt_u5","type":"customer.subscription.updated","created":1}"#).status == 400)
            #expect(try h.webhook("not json").status == 400)
            // Over 1 MiB is refused before it is read in full.
            let huge = #"{"id":"evt_big","type":"x","created":1,"pad":""# + String(repeating: "a", count: 1 << 20) + #""}"#
            #expect(try h.webhook(huge).status == 413)
        }
    }

    @Test func checkoutCompletedLinksCustomerAndSubscription() async throws {
        try await H.run { h in
            // The user exists (status route) but has no customer yet.
            #expect(try h.status(user: "user-c")["plan"] as? String == "free")
            let completed = #"{"id":"evt_c1","type":"checkout.session.completed","created":900,"data":{"object":{"id":"cs_1","object":"checkout.session","mode":"subscription","customer":"cus_c","subscription":"sub_c","client_reference_id":"user-c","metadata":{"user_id":"user-c"}}}}"#
            #expect(try h.webhook(completed).text == #"{"received":true}"#)
            var user = try #require(try await h.store.user(id: "user-c"))
            #expect(user.stripeCustomerID == "cus_c" && user.stripeSubscriptionID == "sub_c" && user.plan == .free)
            // The subscription event created before the checkout event still applies.
            #expect(try h.webhook(H.subscriptionEvent(id: "evt_c2", created: 899, customer: "cus_c", subscription: "sub_c")).text == #"{"received":true}"#)
            user = try #require(try await h.store.user(id: "user-c"))
            #expect(user.plan == .pro && user.subscriptionStatus == "active")
            let unknown = #"{"id":"evt_c3","type":"checkout.session.completed","created":901,"data":{"object":{"id":"cs_2","customer":"cus_z","client_reference_id":"user-nobody"}}}"#
            #expect(try h.webhook(unknown).text.contains("unknown user"))
            #expect(try await h.store.user(byStripeCustomerID: "cus_z") == nil)
        }
    }
}
