/// A subscription state taken from a Stripe event, for `Store.applySubscription`.
public struct SubscriptionChange: Sendable, Hashable {
    public var userID: String
    public var plan: Plan
    public var status: String?
    public var subscriptionID: String?
    /// End of the current billing period, epoch seconds.
    public var periodEnd: Int?
    /// The event's `created` time, epoch seconds; an event older than the last one applied is ignored.
    public var eventCreatedAt: Int

    public init(userID: String, plan: Plan, status: String?, subscriptionID: String?, periodEnd: Int?, eventCreatedAt: Int) {
        self.userID = userID
        self.plan = plan
        self.status = status
        self.subscriptionID = subscriptionID
        self.periodEnd = periodEnd
        self.eventCreatedAt = eventCreatedAt
    }
}
