/// One user, keyed by the identity provider's `sub`. Times are epoch seconds (UTC).
public struct UserRecord: Sendable, Codable, Hashable {
    /// The identity's `sub` claim.
    public var id: String
    public var email: String
    public var name: String?
    public var pictureURL: String?
    public var role: Role
    public var plan: Plan
    public var stripeCustomerID: String?
    public var stripeSubscriptionID: String?
    public var subscriptionStatus: String?
    /// End of the current billing period, epoch seconds.
    public var subscriptionPeriodEnd: Int?
    /// `created` time of the last Stripe event applied to this user; older events are ignored.
    public var subscriptionEventAt: Int?
    public var settings: UserSettings
    public var createdAt: Int
    public var lastLoginAt: Int
    public var updatedAt: Int

    public init(
        id: String, email: String, name: String? = nil, pictureURL: String? = nil,
        role: Role = .user, plan: Plan = .free,
        stripeCustomerID: String? = nil, stripeSubscriptionID: String? = nil,
        subscriptionStatus: String? = nil, subscriptionPeriodEnd: Int? = nil, subscriptionEventAt: Int? = nil,
        settings: UserSettings = .defaults, createdAt: Int, lastLoginAt: Int, updatedAt: Int
    ) {
        self.id = id
        self.email = email
        self.name = name
        self.pictureURL = pictureURL
        self.role = role
        self.plan = plan
        self.stripeCustomerID = stripeCustomerID
        self.stripeSubscriptionID = stripeSubscriptionID
        self.subscriptionStatus = subscriptionStatus
        self.subscriptionPeriodEnd = subscriptionPeriodEnd
        self.subscriptionEventAt = subscriptionEventAt
        self.settings = settings
        self.createdAt = createdAt
        self.lastLoginAt = lastLoginAt
        self.updatedAt = updatedAt
    }
}

/// A subscription plan. The monthly limits and features of each plan belong to the application;
/// the store only records which plan a user is on.
public enum Plan: String, Sendable, Codable, CodingKeyRepresentable, CaseIterable, Hashable {
    case free
    case starter
    case pro
    case unlimited
    case enterprise

    /// The plan for a stored or external value; an unknown or empty value is `free`, as in the original.
    public init(storedValue: String) {
        self = Plan(rawValue: storedValue) ?? .free
    }
}

/// A user's stored role. Admins are also the users whose email is in `ADMIN_EMAILS`; that rule
/// belongs to the application, not to the store.
public enum Role: String, Sendable, Codable, CaseIterable, Hashable {
    case user
    case admin

    /// The role for a stored value; anything unknown is `user`.
    public init(storedValue: String) {
        self = Role(rawValue: storedValue) ?? .user
    }
}
