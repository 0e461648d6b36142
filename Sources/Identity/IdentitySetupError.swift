/// A configuration that cannot verify or mint tokens safely; startup should stop with
/// ``description``.
public enum IdentitySetupError: Error, Equatable, CustomStringConvertible {
    /// The HS256 secret is shorter than ``TokenVerifier/minimumSecretBytes``.
    case secretTooShort(bytes: Int)
    /// `SUPABASE_URL` is set without `SUPABASE_JWT_SECRET`: tokens are verified with the project's JWKS, and this
    /// server holds no key to sign any.
    case noSigningSecret
    /// The JWKS endpoint did not answer 200.
    case jwksUnavailable(status: Int)

    public var description: String {
        switch self {
        case .secretTooShort(let bytes):
            "SUPABASE_JWT_SECRET must be at least \(TokenVerifier.minimumSecretBytes) bytes (got \(bytes))"
        case .noSigningSecret:
            "SUPABASE_URL is set without SUPABASE_JWT_SECRET: tokens are verified with the project's JWKS and cannot be minted here"
        case .jwksUnavailable(let status):
            "the JWKS endpoint answered \(status)"
        }
    }
}
