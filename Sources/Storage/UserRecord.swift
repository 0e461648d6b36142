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
