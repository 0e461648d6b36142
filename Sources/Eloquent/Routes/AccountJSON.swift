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

    struct Subscription: Encodable {
        var plan: String
        var status: String
        var endDate: String?
        var limits: Limits
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

    static func subscription(_ user: UserRecord) -> Subscription {
        Subscription(plan: user.plan.rawValue, status: user.subscriptionStatus ?? (user.plan == .free ? "free" : "active"),
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
