/// A merge patch for `UserSettings`: each non-nil field replaces the stored one, the others stay.
public struct UserSettingsPatch: Sendable, Codable, Hashable {
    public var language: String?
    public var aiMode: String?
    public var autoGrammarFix: Bool?
    public var name: String?

    public init(language: String? = nil, aiMode: String? = nil, autoGrammarFix: Bool? = nil, name: String? = nil) {
        self.language = language
        self.aiMode = aiMode
        self.autoGrammarFix = autoGrammarFix
        self.name = name
    }
}
