/// Builds the token verifier (and the signing secret for `eloquent-server token`) from the configuration:
/// `SUPABASE_JWT_SECRET` when set, else a secret generated once into `DATA_DIR`.
public enum IdentitySetup {
    public static func secret(for config: Config) throws -> String {
        if let secret = config.supabaseJWTSecret { return secret.value }
        return try LocalSecret.loadOrCreate(dataDir: config.dataDir)
    }

    public static func issuer(for config: Config) -> String? {
        config.supabaseURL.map { TokenVerifierConfiguration.supabaseIssuer(supabaseURL: $0.description) }
    }

    public static func verifier(for config: Config) throws -> TokenVerifier {
        let ttl = Int(config.tokenCacheTTL.components.seconds)
        return try TokenVerifier(
            hs256Secret: secret(for: config),
            configuration: TokenVerifierConfiguration(issuer: issuer(for: config), cacheTTL: ttl))
    }
}
