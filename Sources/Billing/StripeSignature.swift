import Crypto

/// Verifies Stripe's webhook signatures (SPEC section 7): HMAC-SHA256 of `"<t>.<payload>"` with the endpoint's
/// signing secret, any `v1` value may match (Stripe sends several while a secret is rolled), compared in constant
/// time, and the timestamp must lie within `tolerance` seconds of now, in either direction.
enum StripeSignature {
    /// Stripe's recommended tolerance, in seconds.
    static let defaultTolerance = 300

    /// Returns when `header` authenticates `payload`; throws the reason otherwise.
    static func verify(payload: [UInt8], header: String?, secret: String, now: Int,
                       tolerance: Int = defaultTolerance) throws(WebhookError) {
        let parsed = try StripeSignatureHeader(header)
        let expected = signature(payload: payload, timestamp: parsed.timestampText, secret: secret)
        var matched = false
        for candidate in parsed.signatures where constantTimeEqual(candidate, expected) {
            matched = true
        }
        guard matched else { throw .signatureMismatch }
        let (difference, overflow) = now.subtractingReportingOverflow(parsed.timestamp)
        guard !overflow, difference.magnitude <= UInt(max(0, tolerance)) else {
            throw .staleTimestamp(timestamp: parsed.timestamp, now: now)
        }
    }

    /// The `v1` signature bytes of `payload` sent at `timestamp` (the header's `t` text).
    static func signature(payload: [UInt8], timestamp: String, secret: String) -> [UInt8] {
        var message = Array(timestamp.utf8)
        message.append(UInt8(ascii: "."))
        message += payload
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(secret.utf8)))
        return Array(code)
    }

    /// Whether two byte strings are equal, taking the same time whatever their contents (lengths are public).
    static func constantTimeEqual(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
