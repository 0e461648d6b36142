/// A configuration that cannot verify or mint tokens safely; startup should stop with
/// ``description``.
public enum IdentitySetupError: Error, Equatable, CustomStringConvertible {
    /// The HS256 secret is shorter than ``TokenVerifier/minimumSecretBytes``.
    case secretTooShort(bytes: Int)

    public var description: String {
        switch self {
        case .secretTooShort(let bytes):
            "SUPABASE_JWT_SECRET must be at least \(TokenVerifier.minimumSecretBytes) bytes (got \(bytes))"
        }
    }
}
