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

/// The outcome of `Store.applySubscription`.
public enum SubscriptionApplyResult: Sendable, Hashable {
    /// The user's plan and subscription fields now reflect the change.
    case applied
    /// Ignored: an event created later than this one was already applied.
    case stale
    /// Ignored: there is no such user.
    case unknownUser
}

/// The outcome of `BillingStore.applySubscription(_:recordingEvent:type:now:)`.
public enum StripeEventApplyResult: Sendable, Hashable {
    /// The event id was already recorded: nothing was applied (a replay).
    case duplicate
    /// The event id is now recorded, in the same transaction as the change's outcome.
    case processed(SubscriptionApplyResult)
}
