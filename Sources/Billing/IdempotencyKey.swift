import Crypto
import FoundationEssentials

/// `Idempotency-Key` values for Stripe POSTs. A derived key makes a retried or concurrent logical operation (two
/// clicks on "upgrade", two racing first checkouts of one user) return Stripe's first answer instead of creating a
/// second object; Stripe keeps keys for 24 hours.
enum IdempotencyKey {
    /// `eloquent-<operation>-<SHA-256 of the parts>`: the same parts always give the same key, and no part (user
    /// id, email) is readable from it.
    static func derived(_ operation: String, _ parts: [String]) -> String {
        var input: [UInt8] = Array(operation.utf8)
        for part in parts {
            input.append(0)
            input += Array(part.utf8)
        }
        let digest = SHA256.hash(data: input)
        let hex = Array("0123456789abcdef".utf8)
        var out = Array("eloquent-\(operation)-".utf8)
        for byte in digest {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A fresh random key, for operations that must not be merged.
    static func random(_ operation: String) -> String {
        "eloquent-\(operation)-" + UUID().uuidString.lowercased()
    }
}
