@testable import Eloquent
import Storage
import Testing

@Suite struct BillingStatusJSONTests {
    @Test func statusJSONOfAStoredUser() {
        var user = UserRecord(id: "u1", email: "a@example.com", createdAt: 0, lastLoginAt: 0, updatedAt: 0)
        #expect(BillingRoutes.statusJSON(user)
            == #"{"plan":"free","status":"none","endDate":null,"limits":{"minutes":60,"features":["basic_transcription"]}}"#)
        user.plan = .pro
        user.subscriptionStatus = "active"
        user.subscriptionPeriodEnd = 1_767_225_600
        #expect(BillingRoutes.statusJSON(user).hasPrefix(#"{"plan":"pro","status":"active","endDate":"2026-01-01T00:00:00.000Z""#))
    }
}
