import Accounts
import Basics
import HTTPServer
import Storage

/// The JSON shapes of the desktop API's account objects (reference section 1.3).
enum AccountJSON {
    struct Summary: Encodable {
        var id: String
        var email: String
        var name: String?
        var role: String
        var plan: String
        var profilePicture: String?
        var settings: UserSettings
    }

    struct Limits: Encodable {
        var minutes: Int
        var features: [String]
    }

    /// `{"plan","status","endDate","limits"}`: `endDate` is always present (`null` when there is none), since the
    /// desktop client reads it.
    struct Subscription: Encodable {
        var plan: String
        var status: String
        var endDate: String?
        var limits: Limits

        enum CodingKeys: String, CodingKey { case plan, status, endDate, limits }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(plan, forKey: .plan)
            try container.encode(status, forKey: .status)
            try container.encode(endDate, forKey: .endDate)  // an Optional encodes as null, never omitted
            try container.encode(limits, forKey: .limits)
        }
    }

    /// A month's usage as the desktop client reads it: `current_month` and, for the client's own field name,
    /// `currentMonth` (the same value), `limit`, `remaining` (whole minutes, −1 when unlimited).
    struct Usage: Encodable, Equatable {
        var current_month: Int
        var currentMonth: Int
        var limit: Int
        var remaining: Int

        init(_ figures: UsageFigures) {
            current_month = figures.current_month
            currentMonth = figures.current_month
            limit = figures.limit
            remaining = figures.remaining
        }

        var json: String { String(decoding: JSON.encode(self), as: UTF8.self) }
    }

    struct FullUser: Encodable {
        var id, email: String
        var name: String?
        var profile_picture: String?
        var role, plan: String
        var stripe_customer_id, stripe_subscription_id, subscription_status, subscription_end_date: String?
        var settings: UserSettings
        var created_at, last_login, updated_at: String
    }

    struct UsageLog: Encodable {
        var id: Int64
        var user_id: String
        var type: String
        var seconds: Double
        var minutes: Double
        var mode, language: String
        var processing_time: Int
        var success: Bool
        var error_message: String?
        var created_at: String
    }

    static func summary(_ user: UserRecord) -> Summary {
        Summary(id: user.id, email: user.email, name: user.name, role: user.role.rawValue, plan: user.plan.rawValue,
                profilePicture: user.pictureURL, settings: user.settings)
    }

    /// The one `status` vocabulary of every route (sign-in, validate, `/api/subscriptions/status`): Stripe's
    /// subscription status when there is one, else `free` on the free plan and `active` on a plan granted otherwise
    /// (by an admin).
    static func subscriptionStatus(_ user: UserRecord) -> String {
        if let status = user.subscriptionStatus, !status.isEmpty { return status }
        return user.plan == .free ? "free" : "active"
    }

    static func subscription(_ user: UserRecord) -> Subscription {
        Subscription(plan: user.plan.rawValue, status: subscriptionStatus(user),
                     endDate: user.subscriptionPeriodEnd.map(time),
                     limits: Limits(minutes: PlanCatalog.limits(for: user.plan).minutes, features: PlanCatalog.limits(for: user.plan).features.map(\.rawValue)))
    }

    static func full(_ user: UserRecord) -> FullUser {
        FullUser(id: user.id, email: user.email, name: user.name, profile_picture: user.pictureURL, role: user.role.rawValue,
                 plan: user.plan.rawValue, stripe_customer_id: user.stripeCustomerID, stripe_subscription_id: user.stripeSubscriptionID,
                 subscription_status: user.subscriptionStatus, subscription_end_date: user.subscriptionPeriodEnd.map(time),
                 settings: user.settings, created_at: time(user.createdAt), last_login: time(user.lastLoginAt),
                 updated_at: time(user.updatedAt))
    }

    static func usageLog(_ record: UsageRecord) -> UsageLog {
        UsageLog(id: record.id, user_id: record.userID, type: record.mode == "rewrite" ? "ai_rewrite" : "transcription",
                 seconds: record.seconds, minutes: (record.seconds / 60 * 100).rounded() / 100, mode: record.mode,
                 language: record.language, processing_time: record.processingTimeMs, success: record.success,
                 error_message: record.errorMessage, created_at: time(record.createdAt))
    }

    static func time(_ epochSeconds: Int) -> String { RFC3339.format(seconds: epochSeconds, milliseconds: 0) }
}
