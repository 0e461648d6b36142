import Basics

/// What the webhook did with an event; every outcome answers 200 so that Stripe stops retrying.
package enum WebhookOutcome: Sendable, Equatable {
    /// The event changed the user's billing state.
    case applied
    /// The event id was already processed: nothing changed.
    case duplicate
    /// The event was read and deliberately left without effect (stale, unknown price, unhandled type, …).
    case ignored(String)

    /// `{"received":true}`, with `"duplicate":true` or `"ignored":"<reason>"`.
    package var json: String {
        switch self {
        case .applied: "{\"received\":true}"
        case .duplicate: "{\"received\":true,\"duplicate\":true}"
        case .ignored(let reason): "{\"received\":true,\"ignored\":" + JSON.quote(reason) + "}"
        }
    }
}
