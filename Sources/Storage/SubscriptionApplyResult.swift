/// The outcome of `Store.applySubscription`.
public enum SubscriptionApplyResult: Sendable, Hashable {
    /// The user's plan and subscription fields now reflect the change.
    case applied
    /// Ignored: an event created later than this one was already applied.
    case stale
    /// Ignored: there is no such user.
    case unknownUser
}
