/// A capability a plan may include (SPEC section 3).
public enum PlanFeature: String, Sendable, CaseIterable, Hashable, Codable {
    case basicTranscription = "basic_transcription"
    /// Needed for `mode=rewrite`.
    case aiRewrite = "ai_rewrite"
    case customShortcuts = "custom_shortcuts"
    case prioritySupport = "priority_support"
    case apiAccess = "api_access"
}
