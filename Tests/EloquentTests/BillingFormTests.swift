@testable import Accounts
@testable import Basics
@testable import Billing
import Testing
import Storage
@testable import Eloquent

/// Form encoding, idempotency keys, redirect rules, price resolution and the plan catalog.
@Suite struct BillingFormTests {
    static func text(_ form: StripeForm) -> String { String(decoding: form.encoded, as: UTF8.self) }

    @Test func nestedKeysAndReservedCharactersAreEncoded() {
        var form = StripeForm()
        form.add("line_items[0][price]", "price_123")
        form.add("metadata[user_id]", "a b&c=d+e%f")
        form.add("success_url", "https://app.example.com/ok?session_id={CHECKOUT_SESSION_ID}&x=1")
        form.add("email", "zoë@example.com")
        #expect(Self.text(form) == "line_items%5B0%5D%5Bprice%5D=price_123"
            + "&metadata%5Buser_id%5D=a%20b%26c%3Dd%2Be%25f"
            + "&success_url=https%3A%2F%2Fapp.example.com%2Fok%3Fsession_id%3D%7BCHECKOUT_SESSION_ID%7D%26x%3D1"
            + "&email=zo%C3%AB%40example.com")
    }

    @Test func unreservedCharactersStayAndEmptyValuesAreKept() {
        var form = StripeForm()
        form.add("k", "AZaz09-._~")
        form.add("empty", "")
        #expect(Self.text(form) == "k=AZaz09-._~&empty=")
        #expect(StripeForm().encoded.isEmpty)
        var control = StripeForm()
        control.add("x", "\r\n\u{0}")
        #expect(Self.text(control) == "x=%0D%0A%00")
    }

    @Test func idempotencyKeysAreDeterministicAndDistinct() {
        let one = IdempotencyKey.derived("customer", ["user-1", "a@example.com"])
        #expect(one == IdempotencyKey.derived("customer", ["user-1", "a@example.com"]))
        #expect(one != IdempotencyKey.derived("customer", ["user-2", "a@example.com"]))
        // Part boundaries matter: ("ab","c") is not ("a","bc").
        #expect(IdempotencyKey.derived("x", ["ab", "c"]) != IdempotencyKey.derived("x", ["a", "bc"]))
        #expect(one.hasPrefix("eloquent-customer-") && one.utf8.count <= 255 && !one.contains("user-1"))
        #expect(IdempotencyKey.random("portal") != IdempotencyKey.random("portal"))
    }

    @Test func redirectsAreLimitedToTheAppAndCORSOrigins() throws {
        let app = try #require(HTTPURL("https://app.example.com/base"))
        let policy = RedirectURLPolicy(appURL: app, corsOrigins: .list(["https://web.example.com", "app://desktop"]))
        for url in ["https://app.example.com/billing/success?session_id={CHECKOUT_SESSION_ID}", "https://APP.example.com:443/x",
                    "https://web.example.com", "https://web.example.com/done#frag"] {
            #expect(policy.allows(url), "\(url)")
        }
        for url in ["http://app.example.com/x", "https://app.example.com:8443/x", "https://evil.example.com/",
                    "https://app.example.com.evil.com/", "https://app.example.com@evil.com/", "https://evil.com\\@app.example.com",
                    "//app.example.com/x", "/billing", "javascript:alert(1)", "app://desktop/x", "https://app.example.com/ x",
                    "https://app.example.com/\u{7F}", "", "https://" + String(repeating: "a", count: 3000)] {
            #expect(!policy.allows(url), "\(url.prefix(60))")
        }
        let any = RedirectURLPolicy(appURL: app, corsOrigins: .any)
        #expect(any.allows("https://app.example.com/x") && !any.allows("https://web.example.com/"))
        #expect(throws: BillingError.self) { try policy.validated("https://evil.example.com", field: "successUrl", fallback: "f") }
        #expect(try policy.validated(nil, field: "successUrl", fallback: "fallback") == "fallback")
    }

    @Test func planCatalogMatchesTheSpec() {
        #expect(PlanCatalog.limits(for: .free) == PlanLimits(minutes: 60, features: [.basicTranscription]))
        #expect(PlanCatalog.limits(for: .starter).minutes == 180 && PlanCatalog.allows(.starter, .aiRewrite))
        #expect(!PlanCatalog.allows(.free, .aiRewrite) && !PlanCatalog.allows(.pro, .apiAccess))
        #expect(PlanCatalog.limits(for: .pro).features == [.basicTranscription, .aiRewrite, .customShortcuts, .prioritySupport])
        #expect(PlanCatalog.limits(for: .unlimited).isUnlimited && PlanCatalog.allows(.unlimited, .apiAccess))
        #expect(PlanCatalog.limits(for: .enterprise).features == PlanFeature.allCases)
        #expect(PlanCatalog.limits(for: .enterprise).monthlySeconds == nil && PlanCatalog.limits(for: .pro).monthlySeconds == 36_000)
        #expect(PlanCatalog.limits(for: .starter).json == #"{"minutes":180,"features":["basic_transcription","ai_rewrite"]}"#)
    }

    @Test func statusJSONOfAStoredUser() throws {
        // Issue 11: one status vocabulary on every route (`free` for a free plan with no subscription), `endDate`
        // always present.
        var user = UserRecord(id: "u1", email: "a@example.com", createdAt: 0, lastLoginAt: 0, updatedAt: 0)
        #expect(String(decoding: JSON.encode(AccountJSON.subscription(user)), as: UTF8.self)
            == #"{"endDate":null,"limits":{"features":["basic_transcription"],"minutes":60},"plan":"free","status":"free"}"#)
        user.plan = .pro
        user.subscriptionStatus = "active"
        user.subscriptionPeriodEnd = 1_767_225_600
        #expect(String(decoding: JSON.encode(AccountJSON.subscription(user)), as: UTF8.self)
            .hasPrefix(#"{"endDate":"2026-01-01T00:00:00.000Z","limits":"#))
    }

    @Test func eventsAreDecodedLeniently() throws {
        let subscription = #"{"id":"evt_1","type":"customer.subscription.updated","created":5,"data":{"object":{"id":"sub_1","customer":{"id":"cus_1","object":"customer"},"status":"active","items":{"data":[{"price":{"id":"price_x"},"current_period_end":99},{"price":"price_y","current_period_end":120}]},"extra":[1,2]}}}"#
        guard case let .subscription(object, deleted) = try BillingEvent(body: Array(subscription.utf8)).payload else {
            Issue.record("not a subscription event"); return
        }
        #expect(!deleted && object.customer?.id == "cus_1" && object.priceIDs == ["price_x", "price_y"] && object.periodEnd == 120)
        let invoice = #"{"id":"evt_2","type":"invoice.paid","created":5,"data":{"object":{"id":"in_1","customer":"cus_1","parent":{"subscription_details":{"subscription":"sub_9"}}}}}"#
        guard case let .invoice(bill, paid) = try BillingEvent(body: Array(invoice.utf8)).payload else {
            Issue.record("not an invoice event"); return
        }
        #expect(paid && bill.subscriptionID == "sub_9")
        guard case .unhandled = try BillingEvent(body: Array(#"{"id":"e","type":"charge.refunded","created":1,"data":{}}"#.utf8)).payload else {
            Issue.record("expected unhandled"); return
        }
        for bad in ["", "[]", "{}", #"{"id":"","type":"x","created":1}"#, #"{"id":"e","type":"x","created":"soon"}"#,
                    #"{"id":"e","type":"customer.subscription.updated","created":1,"data":{"object":{"status":"active"}}}"#,
                    #"{"id":"e","type":"invoice.paid","created":1}"#, "{\"id\":\"e\",\"type\":\"x\",\"created\":1"] {
            #expect(throws: BillingError.self, "\(bad)") { try BillingEvent(body: Array(bad.utf8)) }
        }
    }
}
