/// Why the configuration could not be loaded. Its `description` is one line that names the
/// variable (or the `.env` file and line), says what is accepted and shows what was found,
/// e.g. `PORT: expected an integer 0…65535, got "abc"`.
public enum ConfigError: Error, Equatable, CustomStringConvertible {
    /// A variable's value is not acceptable. `got` is already displayable: a quoted,
    /// escaped excerpt of the value, or a length-only placeholder for secrets.
    case invalidValue(variable: String, expected: String, got: String)
    /// A variable is unset (or set) in a way that conflicts with another variable.
    case conflict(variable: String, reason: String)
    /// A line of the `.env` file is malformed.
    case malformedDotEnv(path: String, line: Int, reason: String)
    /// The `.env` file exists but cannot be read.
    case unreadableDotEnv(path: String, reason: String)

    /// The variable at fault, when the error concerns one variable.
    public var variable: String? {
        switch self {
        case .invalidValue(let variable, _, _), .conflict(let variable, _): variable
        case .malformedDotEnv, .unreadableDotEnv: nil
        }
    }

    /// One line, without a trailing newline.
    public var description: String {
        switch self {
        case .invalidValue(let variable, let expected, let got):
            "\(variable): expected \(expected), got \(got)"
        case .conflict(let variable, let reason):
            "\(variable): \(reason)"
        case .malformedDotEnv(let path, let line, let reason):
            "\(Self.display(path)):\(line): \(reason)"
        case .unreadableDotEnv(let path, let reason):
            "\(Self.display(path)): cannot read the .env file: \(reason)"
        }
    }

    /// `value` in double quotes with quotes, backslashes and control characters escaped, so
    /// that it always stays on one line; cut after 80 characters.
    static func quoted(_ value: some StringProtocol) -> String {
        var result = "\""
        for (count, scalar) in value.unicodeScalars.enumerated() {
            if count == 80 {
                result += "…"
                break
            }
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029:
                result += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// What an error shows instead of a secret value.
    static func hidden(_ value: some StringProtocol) -> String {
        "a hidden value of \(value.count) characters"
    }

    /// A path made safe for a one-line message (quoted only when it needs escaping).
    private static func display(_ path: String) -> String {
        let plain = path.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F && $0.value < 0x80 }
        return plain ? path : quoted(path)
    }
}
