public import JWTKit
import Synchronization

/// Where ``TokenVerifier`` gets the key that checks a token's signature.
///
/// Today there is one source, ``HMACKeySource`` (HS256 with `SUPABASE_JWT_SECRET` or the
/// local secret). A JWKS source (RS256/ES256 keys by `kid`, fetched from
/// `<SUPABASE_URL>/auth/v1/.well-known/jwks.json`, refreshed on an unknown `kid`) conforms
/// the same way: it lists its algorithms in ``algorithms`` and returns, from ``key(kid:alg:)``,
/// the jwt-kit key for that `kid`, built for that `alg` only.
///
/// The verifier refuses any `alg` outside ``algorithms`` before calling ``key(kid:alg:)``, and
/// refuses a key whose `name` differs from the header's `alg`: together these stop algorithm
/// confusion (an HMAC secret never checks an RS256/ES256 token, a public key never an HS256 one).
package protocol VerificationKeySource: Sendable {
    /// The exact, case-sensitive `alg` header values this source can verify. Never `none`.
    var algorithms: Set<String> { get }

    /// The key for a token whose header names `kid` (if any) and `alg` (one of ``algorithms``).
    /// Throws ``AuthFailure/invalidToken(reason:)`` when there is no such key.
    func key(kid: String?, alg: String) async throws(AuthFailure) -> any JWTAlgorithm
}

/// The HS256 key: Supabase's `SUPABASE_JWT_SECRET`, or the locally generated secret.
///
/// The secret's UTF-8 bytes are the HMAC key, as Supabase uses them. `kid` is ignored: there
/// is one symmetric key. The jwt-kit key (`HMACKey` too) is built on first use and reused, so that a server that
/// has not yet checked a token has not run, nor kept resident, jwt-kit's and swift-crypto's key code (issue 9).
final class HMACKeySource: VerificationKeySource {
    let algorithms: Set<String> = ["HS256"]
    private let secret: String
    private let built = Mutex<(any JWTAlgorithm)?>(nil)

    /// `secret` must hold at least ``TokenVerifier/minimumSecretBytes`` bytes (checked by the caller).
    init(secret: String) {
        self.secret = secret
    }

    func key(kid: String?, alg: String) async throws(AuthFailure) -> any JWTAlgorithm {
        if let key = built.withLock({ $0 }) { return key }
        let collection = JWTKeyCollection()
        await collection.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
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
