import Basics
public import Identity
import Upstream

/// Builds the token verifier (and the signing secret for `eloquent-server token`) from the configuration:
/// `SUPABASE_JWT_SECRET` when set, else a secret generated once into `DATA_DIR`.
public enum IdentitySetup {
    /// The HS256 signing secret. With `SUPABASE_URL` set and no `SUPABASE_JWT_SECRET`, tokens are verified against
    /// the project's JWKS instead and this server cannot mint any.
    public static func secret(for config: Config) throws -> String {
        if config.supabaseJWTSecret == nil, config.supabaseURL != nil {
            throw IdentitySetupError.noSigningSecret
        }
        if let secret = config.supabaseJWTSecret { return secret.value }
        return try LocalSecret.loadOrCreate(dataDir: config.dataDir)
    }

    public static func issuer(for config: Config) -> String? {
        config.supabaseURL.map { TokenVerifierConfiguration.supabaseIssuer(supabaseURL: $0.description) }
    }

    static func verifier(for config: Config, services: Services) throws -> TokenVerifier {
        if config.supabaseJWTSecret == nil, let supabaseURL = config.supabaseURL, let pool = services.supabasePool {
            let url = supabaseURL.base + "/auth/v1/.well-known/jwks.json"
            let apiKey = config.supabaseAnonKey?.value
            let source = JWKSKeySource(clock: .system) {
                var headers: [(String, String)] = [("Accept", "application/json")]
                if let apiKey { headers.append(("apikey", apiKey)) }
                let response = try await pool.send(UpstreamRequest(url: url, headers: headers))
                guard response.status == 200 else { throw IdentitySetupError.jwksUnavailable(status: response.status) }
                return response.body
            }
            return TokenVerifier(keySource: source, configuration: configuration(for: config), clock: .system)
        }
        return try verifier(for: config)
    }

    /// The HS256 verifier (`SUPABASE_JWT_SECRET`, or the local secret).
    public static func verifier(for config: Config) throws -> TokenVerifier {
        try TokenVerifier(hs256Secret: secret(for: config), configuration: configuration(for: config))
    }

    static func configuration(for config: Config) -> TokenVerifierConfiguration {
        TokenVerifierConfiguration(issuer: issuer(for: config), cacheTTL: Int(config.tokenCacheTTL.components.seconds))
    }
}
