import Storage

/// Each plan's monthly minutes and features (SPEC section 3). `-1` minutes means unlimited.
enum PlanCatalog {
    static let allFeatures = ["basic_transcription", "ai_rewrite", "custom_shortcuts", "priority_support", "api_access"]

    static func minutes(_ plan: Plan) -> Int {
        switch plan {
        case .free: 60
        case .starter: 180
        case .pro: 600
        case .unlimited, .enterprise: -1
        }
    }

    static func features(_ plan: Plan) -> [String] {
        switch plan {
        case .free: ["basic_transcription"]
        case .starter: ["basic_transcription", "ai_rewrite"]
        case .pro: ["basic_transcription", "ai_rewrite", "custom_shortcuts", "priority_support"]
        case .unlimited: ["basic_transcription", "ai_rewrite", "api_access"]
        case .enterprise: allFeatures
        }
    }

    static func has(_ plan: Plan, _ feature: String) -> Bool { features(plan).contains(feature) }

    /// The monthly limit in seconds, nil when unlimited.
    static func limitSeconds(_ plan: Plan) -> Double? {
        let minutes = minutes(plan)
        return minutes < 0 ? nil : Double(minutes * 60)
    }
}
