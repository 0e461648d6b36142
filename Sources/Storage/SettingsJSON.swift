import FoundationEssentials

/// The JSON text form of `UserSettings` in the `users.settings` column.
enum SettingsJSON {
    static func encode(_ settings: UserSettings, operation: String) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            return String(decoding: try encoder.encode(settings), as: UTF8.self)
        } catch {
            throw StorageError.invalidArgument(operation: operation, reason: "settings cannot be encoded: \(error)")
        }
    }

    /// The stored settings; text that is not a JSON object gives the defaults rather than
    /// locking the user out.
    static func decode(_ text: String) -> UserSettings {
        (try? JSONDecoder().decode(UserSettings.self, from: Data(text.utf8))) ?? .defaults
    }
}
