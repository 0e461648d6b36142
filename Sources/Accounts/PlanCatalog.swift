public import Storage

/// The limits and features of every plan (SPEC section 3): `free` 60 minutes with basic transcription, `starter`
/// 180 with AI rewrite, `pro` 600 with custom shortcuts and priority support, `unlimited` and `enterprise`
/// without a minute limit and with API access; `enterprise` has every feature.
public enum PlanCatalog {
    /// The limits of `plan`.
    public static func limits(for plan: Plan) -> PlanLimits {
        switch plan {
        case .free:
            PlanLimits(minutes: 60, features: [.basicTranscription])
        case .starter:
            PlanLimits(minutes: 180, features: [.basicTranscription, .aiRewrite])
        case .pro:
            PlanLimits(minutes: 600, features: [.basicTranscription, .aiRewrite, .customShortcuts, .prioritySupport])
        case .unlimited:
            PlanLimits(minutes: -1, features: [.basicTranscription, .aiRewrite, .customShortcuts, .prioritySupport, .apiAccess])
        case .enterprise:
            PlanLimits(minutes: -1, features: PlanFeature.allCases)
        }
    }

    /// Whether `plan` includes `feature`.
    public static func allows(_ plan: Plan, _ feature: PlanFeature) -> Bool {
        limits(for: plan).allows(feature)
    }
}
