/// Builds `LIKE` patterns that match user text literally.
enum LikePattern {
    /// The escape character to declare with `ESCAPE '\'`.
    static let escapeCharacter: Character = "\\"

    /// A pattern matching any value that contains `text`, with `%`, `_` and `\` in `text` escaped.
    static func contains(_ text: String) -> String {
        var pattern = "%"
        pattern.reserveCapacity(text.utf8.count + 2)
        for character in text {
            if character == "%" || character == "_" || character == escapeCharacter {
                pattern.append(escapeCharacter)
            }
            pattern.append(character)
        }
        pattern.append("%")
        return pattern
    }
}
