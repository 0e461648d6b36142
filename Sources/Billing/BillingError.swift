/// A billing failure, as the client sees it. Stripe failures are this server's problem (its parameters, its key,
/// Stripe's availability), so they are 502 (504 on timeout), never a client 4xx.
package enum BillingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `STRIPE_SECRET_KEY` is not set.
    case notConfigured
    /// The client's request cannot be honoured; the message says why.
    case invalidRequest(String)
    /// The user has no Stripe customer, so there is no portal to open.
    case noBillingAccount
    /// Stripe could not be reached (refused, DNS, TLS, broken connection).
    case stripeUnavailable(String)
    /// Stripe did not answer in `STRIPE_TIMEOUT`.
    case stripeTimeout
    /// Stripe answered with an error (`{"error":{"message","type"}}`).
    case stripeRejected(status: Int, type: String?, message: String)
    /// Stripe answered 2xx with a body this server cannot read.
    case stripeInvalidResponse(String)
    /// A webhook whose signature does not verify.
    case invalidSignature(WebhookError)
    /// A verified webhook whose body is not an event this server can read.
    case invalidEvent(String)

    package var status: Int {
        switch self {
        case .notConfigured: 503
        case .invalidRequest, .noBillingAccount, .invalidSignature, .invalidEvent: 400
        case .stripeUnavailable, .stripeRejected, .stripeInvalidResponse: 502
        case .stripeTimeout: 504
        }
    }

    /// The client-facing message (Stripe's own message for its errors; signature details stay in the log).
    package var message: String {
        switch self {
        case .notConfigured: "billing not configured"
        case .invalidRequest(let message): message
        case .noBillingAccount: "No billing account found"
        case .stripeUnavailable: "Payment provider unavailable"
        case .stripeTimeout: "Payment provider timed out"
        case .stripeRejected(_, _, let message): "Payment provider error: " + message
        case .stripeInvalidResponse: "Payment provider sent an unreadable response"
        case .invalidSignature: "Invalid signature"
        case .invalidEvent(let message): message
        }
    }

    package var description: String {
        switch self {
        case .stripeUnavailable(let detail): "\(message): \(detail)"
        case let .stripeRejected(status, type, text): "Stripe answered \(status) (\(type ?? "no type")): \(text)"
        case .stripeInvalidResponse(let detail): "\(message): \(detail)"
        case .invalidSignature(let reason): "invalid webhook signature: \(reason)"
        default: message
        }
    }
}
