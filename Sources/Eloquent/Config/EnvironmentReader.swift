import Basics
/// Reads typed, validated values out of the merged environment. Values are trimmed of
/// surrounding whitespace; a variable set to the empty string counts as unset (as in the
/// original Go service). Every refusal is a one-line `ConfigError.invalidValue`.
struct EnvironmentReader {
    private let values: [String: String]

    init(_ values: [String: String]) {
        self.values = values.compactMapValues { value in
            let trimmed = String(value.trimmingWhitespace(lineBreaks: true))
            return trimmed.isEmpty ? nil : trimmed
        }
    }

    /// The trimmed value, or `nil` when unset or blank.
    func raw(_ name: String) -> String? { values[name] }

    /// Parses a set variable with `parse`; `nil` when unset, an error naming `expected` when
    /// `parse` refuses it. Secret values are never echoed back.
    func parse<T>(_ name: String, expected: String, secret: Bool = false,
                  _ parse: (String) -> T?) throws(ConfigError) -> T? {
        guard let raw = values[name] else { return nil }
        guard let value = parse(raw) else {
            let got = secret ? ConfigError.hidden(raw) : ConfigError.quoted(raw)
            throw .invalidValue(variable: name, expected: expected, got: got)
        }
        return value
    }

    func integer(_ name: String, default defaultValue: Int, range: ClosedRange<Int>) throws(ConfigError) -> Int {
        try parse(name, expected: "an integer \(range.lowerBound)…\(range.upperBound)") { text in
            guard text.utf8.count <= 19, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                  let value = Int(text), range.contains(value) else { return nil }
            return value
        } ?? defaultValue
    }

    /// A duration; positive unless `allowZero`.
    func duration(_ name: String, default defaultValue: Duration, allowZero: Bool = false) throws(ConfigError) -> Duration {
        let expected = allowZero
            ? "a duration such as 0s, 90s, 5m or 1h30m (a bare number means seconds)"
            : "a duration greater than 0 such as 15s, 500ms or 1h30m (a bare number means seconds)"
        return try parse(name, expected: expected) { text in
            guard let value = DurationParser.parse(text), value > .zero || (allowZero && value == .zero) else {
                return nil
            }
            return value
        } ?? defaultValue
    }

    func size(_ name: String, default defaultValue: Int, range: ClosedRange<Int>) throws(ConfigError) -> Int {
        let bounds = range.upperBound == Int.max
            ? "of at least \(Self.bytes(range.lowerBound))"
            : "from \(Self.bytes(range.lowerBound)) to \(Self.bytes(range.upperBound))"
        let expected = "a size \(bounds) such as 1048576, 512KiB, 25MiB or 10MB"
        return try parse(name, expected: expected) { text in
            ByteSizeParser.parse(text).flatMap { range.contains($0) ? $0 : nil }
        } ?? defaultValue
    }

    func url(_ name: String) throws(ConfigError) -> HTTPURL? {
        try parse(name, expected: "an http(s)://host[:port][/path] URL without query or credentials") {
            HTTPURL($0)
        }
    }

    func url(_ name: String, default defaultValue: String) throws(ConfigError) -> HTTPURL {
        guard let value = try url(name) ?? HTTPURL(defaultValue) else {
            preconditionFailure("default of \(name) is not a valid URL: \(defaultValue)")
        }
        return value
    }

    /// An identifier such as a model name or price id: printable ASCII, no spaces.
    func token(_ name: String) throws(ConfigError) -> String? {
        try parse(name, expected: "printable ASCII without spaces, at most 256 characters") {
            Self.isToken($0, maximumLength: 256) ? $0 : nil
        }
    }

    /// A key or secret: printable ASCII without spaces (so it can never inject a header line).
    func secret(_ name: String) throws(ConfigError) -> Secret? {
        try parse(name, expected: "printable ASCII without spaces, at most 8192 characters", secret: true) {
            Self.isToken($0, maximumLength: 8192) ? Secret($0) : nil
        }
    }

    /// One of `T`'s raw values, matched case-insensitively.
    func choice<T: RawRepresentable & CaseIterable>(_ name: String) throws(ConfigError) -> T? where T.RawValue == String {
        let names = T.allCases.map(\.rawValue)
        return try parse(name, expected: "one of " + names.joined(separator: ", ")) { text in
            T(rawValue: text.lowercased())
        }
    }

    static func isToken(_ text: String, maximumLength: Int) -> Bool {
        text.utf8.count <= maximumLength && text.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }


    /// `1 byte`, `1024 bytes`, `1KiB`, `64MiB`: the most readable exact form.
    static func bytes(_ count: Int) -> String {
        for (shift, unit) in [(30, "GiB"), (20, "MiB"), (10, "KiB")] where count >= 1 << shift && count % (1 << shift) == 0 {
            return "\(count >> shift)\(unit)"
        }
        return count == 1 ? "1 byte" : "\(count) bytes"
    }
}
