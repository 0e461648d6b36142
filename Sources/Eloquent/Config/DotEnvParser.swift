/// Parses the text of a `.env` file into variables.
///
/// Each line is blank, a `#` comment, or `[export ]KEY=VALUE` where KEY is
/// `[A-Za-z_][A-Za-z0-9_]*` and spaces may surround `=`. VALUE is unquoted (trimmed; a `#`
/// after whitespace starts a comment), single-quoted (literal), or double-quoted (escapes
/// `\n`, `\r`, `\t`, `\"`, `\\`; other backslashes are kept). Only a comment may follow a
/// closing quote. There is no variable expansion and no multi-line value. A later line
/// overrides an earlier one. Anything else is an error naming the file and line.
public enum DotEnvParser {
    /// Parses `bytes` (the file's contents); `path` is used in error messages.
    public static func parse(_ bytes: [UInt8], path: String) throws(ConfigError) -> [String: String] {
        var result: [String: String] = [:]
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        for (offset, rawLine) in lines.enumerated() {
            let lineNumber = offset + 1
            var line = rawLine
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            guard !line.contains(0), let text = String(validating: line, as: UTF8.self) else {
                throw .malformedDotEnv(path: path, line: lineNumber, reason: "not valid UTF-8 text")
            }
            do {
                if let (key, value) = try parseLine(Substring(text)) { result[key] = value }
            } catch {
                throw .malformedDotEnv(path: path, line: lineNumber, reason: error.reason)
            }
        }
        return result
    }

    /// A line's key and value, `nil` for blank and comment lines.
    static func parseLine(_ line: Substring) throws(DotEnvLineError) -> (String, String)? {
        var rest = line.drop { $0 == " " || $0 == "\t" }
        if rest.isEmpty || rest.hasPrefix("#") { return nil }
        if rest.hasPrefix("export ") || rest.hasPrefix("export\t") {
            rest = rest.dropFirst(7).drop { $0 == " " || $0 == "\t" }
        }
        let key = rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        guard let first = key.first, !first.isNumber else {
            throw DotEnvLineError(reason: "expected KEY=VALUE, got \(ConfigError.quoted(line))")
        }
        rest = rest[key.endIndex...].drop { $0 == " " || $0 == "\t" }
        guard rest.hasPrefix("=") else {
            throw DotEnvLineError(reason: "expected \"=\" after \(key), got \(ConfigError.quoted(line))")
        }
        let afterEquals = rest.dropFirst()
        rest = afterEquals.drop { $0 == " " || $0 == "\t" }
        return (String(key), try parseValue(rest, spaced: rest.startIndex != afterEquals.startIndex))
    }

    /// `spaced`: whitespace separated the value from `=` (then a leading `#` is a comment).
    private static func parseValue(_ text: Substring, spaced: Bool) throws(DotEnvLineError) -> String {
        guard let quote = text.first, quote == "\"" || quote == "'" else {
            return unquotedValue(text, spaced: spaced)
        }
        var value = ""
        var index = text.index(after: text.startIndex)
        while index < text.endIndex, text[index] != quote {
            var character = text[index]
            if quote == "\"", character == "\\", text.index(after: index) < text.endIndex {
                index = text.index(after: index)
                switch text[index] {
                case "n": character = "\n"
                case "r": character = "\r"
                case "t": character = "\t"
                case "\"": character = "\""
                case "\\": character = "\\"
                default: value.append("\\"); character = text[index]
                }
            }
            value.append(character)
            index = text.index(after: index)
        }
        guard index < text.endIndex else {
            throw DotEnvLineError(reason: "unterminated \(quote == "\"" ? "double" : "single")-quoted value")
        }
        let trailing = text[text.index(after: index)...].drop { $0 == " " || $0 == "\t" }
        guard trailing.isEmpty || trailing.hasPrefix("#") else {
            throw DotEnvLineError(reason: "unexpected text after the closing quote: \(ConfigError.quoted(trailing))")
        }
        return value
    }

    /// Unquoted: up to a `#` that follows whitespace, trailing whitespace removed.
    private static func unquotedValue(_ text: Substring, spaced: Bool) -> String {
        var end = text.endIndex
        var previous: Character = spaced ? " " : "="
        for index in text.indices {
            if text[index] == "#", previous == " " || previous == "\t" {
                end = index
                break
            }
            previous = text[index]
        }
        var value = text[..<end]
        while let last = value.last, last == " " || last == "\t" { value = value.dropLast() }
        return String(value)
    }
}

/// Why one `.env` line is malformed (wrapped into `ConfigError.malformedDotEnv`).
struct DotEnvLineError: Error {
    let reason: String
}
