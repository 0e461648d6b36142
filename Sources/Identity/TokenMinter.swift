public import Basics
import Crypto
import FoundationEssentials

/// Mints HS256 access tokens that ``TokenVerifier`` accepts, as Supabase Auth would issue
/// them: `aud` `authenticated`, `sub`, `email`, `role`, `iat`, `exp`, and `iss` when given.
/// Used by `eloquent-server token` and by tests.
public enum TokenMinter {
    /// Lifetime of a minted token when none is given (Supabase's default).
    public static let defaultTTL = 3600
    /// Longest lifetime accepted: one year.
    public static let maxTTL = 365 * 24 * 3600

    private struct Claims: Encodable {
        var aud: String
        var sub: String
        var email: String?
        var role: String
        var iat: Int
        var exp: Int
        var iss: String?
    }

    public static func mint(
        sub: String, email: String?, role: String = Identity.authenticatedRawRole,
        ttl: Int = defaultTTL, secret: String, issuer: String? = nil,
        now: Int = EpochClock.system.now()
    ) throws -> String {
        guard !sub.isEmpty else { throw TokenMinterError.emptySubject }
        guard ttl > 0, ttl <= maxTTL else { throw TokenMinterError.invalidTTL(ttl) }
        guard !role.isEmpty else { throw TokenMinterError.emptyRole }
        guard secret.utf8.count >= TokenVerifier.minimumSecretBytes else {
            throw IdentitySetupError.secretTooShort(bytes: secret.utf8.count)
        }
        let claims = Claims(aud: TokenVerifierConfiguration.defaultAudience, sub: sub,
                            email: email, role: role, iat: now, exp: now + ttl, iss: issuer)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let payload = try encoder.encode(claims)
        return sign(headerJSON: Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8), payloadJSON: Array(payload), secret: secret)
    }

    /// `header.payload.signature` with an HS256 signature over the given JSON, as is.
    package static func sign(headerJSON: [UInt8], payloadJSON: [UInt8], secret: String) -> String {
        let signingInput = Base64URL.encode(headerJSON) + "." + Base64URL.encode(payloadJSON)
        let mac = HMAC<SHA256>.authenticationCode(
            for: Array(signingInput.utf8), using: SymmetricKey(data: Array(secret.utf8)))
        return signingInput + "." + Base64URL.encode(Array(mac))
    }
}

/// Why ``TokenMinter/mint(sub:email:role:ttl:secret:issuer:now:)`` refused its arguments.
public enum TokenMinterError: Error, Equatable, CustomStringConvertible {
    case emptySubject
    case emptyRole
    case invalidTTL(Int)

    public var description: String {
        switch self {
        case .emptySubject: "--sub must not be empty"
        case .emptyRole: "--role must not be empty"
        case .invalidTTL(let ttl): "--ttl must be 1…\(TokenMinter.maxTTL) seconds (got \(ttl))"
        }
    }
}
