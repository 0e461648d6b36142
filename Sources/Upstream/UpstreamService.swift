/// The services the server calls, with the request timeout SPEC section 6 gives each by default
/// (`GROQ_TIMEOUT`, `SUPABASE_TIMEOUT`, `STRIPE_TIMEOUT`, otherwise `REQUEST_TIMEOUT`).
public enum UpstreamService: String, Sendable, CaseIterable {
    case groq, openai, local, supabase, stripe

    public var defaultRequestTimeout: Duration {
        switch self {
        case .groq, .openai, .local: .seconds(45)
        case .supabase, .stripe: .seconds(30)
        }
    }
}
