/// Why a Stripe webhook's `Stripe-Signature` was refused. Every case answers `400 {"error":"Invalid signature"}`;
/// the case itself is only logged.
package enum WebhookError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No `Stripe-Signature` header, or an empty one.
    case missingHeader
    /// The header is not a list of `key=value` items with exactly one numeric `t`.
    case malformedHeader
    /// The header carries no `v1` signature.
    case noSignature
    /// The signature is authentic but its timestamp is further than the tolerance from now (either way).
    case staleTimestamp(timestamp: Int, now: Int)
    /// No `v1` value is the HMAC of the payload with the configured secret.
    case signatureMismatch

    package var description: String {
        switch self {
        case .missingHeader: "missing Stripe-Signature header"
        case .malformedHeader: "malformed Stripe-Signature header"
        case .noSignature: "no v1 signature in Stripe-Signature header"
        case let .staleTimestamp(timestamp, now): "signature timestamp \(timestamp) is too far from now (\(now))"
        case .signatureMismatch: "no v1 signature matches the payload"
        }
    }
}
