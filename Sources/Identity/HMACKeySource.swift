import JWTKit
import Synchronization

/// The HS256 key: Supabase's `SUPABASE_JWT_SECRET`, or the locally generated secret.
///
/// The secret's UTF-8 bytes are the HMAC key, as Supabase uses them. `kid` is ignored: there
/// is one symmetric key. The jwt-kit key is built on first use and reused.
final class HMACKeySource: VerificationKeySource {
    let algorithms: Set<String> = ["HS256"]
    private let secret: HMACKey
    private let built = Mutex<(any JWTAlgorithm)?>(nil)

    /// `secret` must hold at least ``TokenVerifier/minimumSecretBytes`` bytes (checked by the caller).
    init(secret: String) {
        self.secret = HMACKey(from: secret)
    }

    func key(kid: String?, alg: String) async throws(AuthFailure) -> any JWTAlgorithm {
        if let key = built.withLock({ $0 }) { return key }
        let collection = JWTKeyCollection()
        await collection.add(hmac: secret, digestAlgorithm: .sha256)
        let key: any JWTAlgorithm
        do {
            key = try await collection.getKey()
        } catch {
            throw .invalidToken(reason: "HS256 key unavailable: \(error)")
        }
        built.withLock { $0 = key }
        return key
    }
}
