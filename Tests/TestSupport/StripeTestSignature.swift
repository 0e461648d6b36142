import Crypto

/// Stripe's `v1` webhook signature, computed independently of the server's verifier: lowercase hex of
/// HMAC-SHA256(secret, "<t>." + payload).
public enum StripeTestSignature {
    public static func v1(_ payload: [UInt8], t: Int, secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array("\(t).".utf8) + payload, using: SymmetricKey(data: Array(secret.utf8)))
        return mac.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }
}
