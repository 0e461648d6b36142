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

/// A capability a plan may include (SPEC section 3).
public enum PlanFeature: String, Sendable, CaseIterable, Hashable, Codable {
    case basicTranscription = "basic_transcription"
    /// Needed for `mode=rewrite`.
    case aiRewrite = "ai_rewrite"
    case customShortcuts = "custom_shortcuts"
    case prioritySupport = "priority_support"
    case apiAccess = "api_access"
}

/// What one plan allows per calendar month (UTC).
public struct PlanLimits: Sendable, Hashable {
    /// Minutes of audio per month; `-1` means unlimited (the API's convention).
    public var minutes: Int
    /// The plan's features, in `PlanFeature` declaration order.
    public var features: [PlanFeature]

    public init(minutes: Int, features: [PlanFeature]) {
        self.minutes = minutes
        self.features = features
    }

    public var isUnlimited: Bool { minutes < 0 }

    /// The monthly allowance in seconds, nil when unlimited (for `Store.recordUsage(limitSeconds:)`).
    public var monthlySeconds: Double? { isUnlimited ? nil : Double(minutes) * 60 }

    public func allows(_ feature: PlanFeature) -> Bool { features.contains(feature) }

    /// `{"minutes":…,"features":[…]}`.
    public var json: String {
        "{\"minutes\":\(minutes),\"features\":[" + features.map { "\"\($0.rawValue)\"" }.joined(separator: ",") + "]}"
    }
}
