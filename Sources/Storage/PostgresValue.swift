/// A statement parameter, sent to PostgreSQL in text format.
enum PostgresValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case boolean(Bool)

    static func int(_ value: Int) -> PostgresValue { .integer(Int64(value)) }

    static func int(_ value: Int?) -> PostgresValue { value.map { .integer(Int64($0)) } ?? .null }

    static func text(_ value: String?) -> PostgresValue { value.map { .text($0) } ?? .null }

    static func real(_ value: Double?) -> PostgresValue { value.map { .real($0) } ?? .null }

    /// The parameter's text form; nil for SQL NULL. Doubles use Swift's shortest round-tripping
    /// form, which PostgreSQL's `float8in` reads back to the same value.
    ///
    /// PostgreSQL `text` cannot hold NUL, and a C string would end at it: text containing NUL
    /// is refused rather than silently truncated.
    func textForm(operation: String) throws -> String? {
        switch self {
        case .null: return nil
        case let .integer(value): return String(value)
        case let .real(value):
            guard value.isFinite else {
                throw StorageError.invalidArgument(operation: operation, reason: "number is not finite")
            }
            return value.description
        case let .boolean(value): return value ? "t" : "f"
        case let .text(value):
            if value.utf8.contains(0) {
                throw StorageError.invalidArgument(
                    operation: operation, reason: "text contains a NUL character, which PostgreSQL cannot store")
            }
            return value
        }
    }
}
