import Basics
@testable import Eloquent
import Storage
import Testing

@Suite struct BillingStatusJSONTests {
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
}
