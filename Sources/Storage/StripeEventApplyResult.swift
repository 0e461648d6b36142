/// The outcome of `BillingStore.applySubscription(_:recordingEvent:type:now:)`.
public enum StripeEventApplyResult: Sendable, Hashable {
    /// The event id was already recorded: nothing was applied (a replay).
    case duplicate
    /// The event id is now recorded, in the same transaction as the change's outcome.
    case processed(SubscriptionApplyResult)
}
