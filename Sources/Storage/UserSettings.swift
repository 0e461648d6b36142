/// The desktop client's settings for one user, stored as JSON text in the user row.
public struct UserSettings: Sendable, Codable, Hashable {
    public var language: String
    public var aiMode: String
    public var autoGrammarFix: Bool
    public var name: String?

    /// The settings of a new user: `{"language":"en","aiMode":"auto","autoGrammarFix":true}`.
    public static let defaults = UserSettings(language: "en", aiMode: "auto", autoGrammarFix: true, name: nil)

    public init(language: String, aiMode: String, autoGrammarFix: Bool, name: String?) {
        self.language = language
        self.aiMode = aiMode
        self.autoGrammarFix = autoGrammarFix
        self.name = name
    }

    /// Decodes leniently: a key that is missing or of the wrong type takes its default value.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = UserSettings.defaults
        language = (try? container.decodeIfPresent(String.self, forKey: .language)) ?? defaults.language
        aiMode = (try? container.decodeIfPresent(String.self, forKey: .aiMode)) ?? defaults.aiMode
        autoGrammarFix = (try? container.decodeIfPresent(Bool.self, forKey: .autoGrammarFix)) ?? defaults.autoGrammarFix
        name = try? container.decodeIfPresent(String.self, forKey: .name)
    }

    /// These settings with every non-nil field of `patch` applied over them.
    public func merging(_ patch: UserSettingsPatch) -> UserSettings {
        var merged = self
        if let language = patch.language { merged.language = language }
        if let aiMode = patch.aiMode { merged.aiMode = aiMode }
        if let autoGrammarFix = patch.autoGrammarFix { merged.autoGrammarFix = autoGrammarFix }
        if let name = patch.name { merged.name = name }
        return merged
    }
}

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
