import Billing
extension Config {
    /// Rules that involve more than one variable.
    func checkConsistency() throws(ConfigError) {
        switch transcriptionProvider {
        case .groq where groqAPIKey == nil:
            throw .conflict(variable: "TRANSCRIPTION_PROVIDER", reason: "groq requires GROQ_API_KEY, which is not set")
        case .openai where openAIBaseURL == nil:
            throw .conflict(variable: "TRANSCRIPTION_PROVIDER",
                            reason: "openai requires OPENAI_BASE_URL, which is not set")
        default:
            break
        }
        if stripeSecretKey != nil, stripeWebhookSecret == nil {
            throw .conflict(variable: "STRIPE_WEBHOOK_SECRET",
                            reason: "required when STRIPE_SECRET_KEY is set (webhooks must be verified), but not set")
        }
        if stripeWebhookSecret != nil, stripeSecretKey == nil {
            throw .conflict(variable: "STRIPE_SECRET_KEY",
                            reason: "required when STRIPE_WEBHOOK_SECRET is set, but not set")
        }
        if databaseURL != nil, supabaseJWTSecret == nil, supabaseURL == nil {
            throw .conflict(variable: "DATABASE_URL", reason: "a shared database needs one token secret for every "
                + "instance: set SUPABASE_JWT_SECRET or SUPABASE_URL (the secret generated into DATA_DIR is per instance)")
        }
        if (tlsCertFile == nil) != (tlsKeyFile == nil) {
            throw .conflict(variable: tlsCertFile == nil ? "TLS_CERT_FILE" : "TLS_KEY_FILE",
                            reason: "TLS_CERT_FILE and TLS_KEY_FILE go together, but only one is set")
        }
        var seen: [String: PriceKey] = [:]
        for key in stripePrices.keys.sorted(by: { $0.variableName < $1.variableName }) {
            let price = stripePrices[key]!
            if let other = seen[price] {
                throw .conflict(variable: key.variableName,
                                reason: "the price id \(ConfigError.quoted(price)) is also \(other.variableName)")
            }
            seen[price] = key
        }
    }
}
