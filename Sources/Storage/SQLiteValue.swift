/// A value bound to a statement parameter.
enum SQLiteValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    static func int(_ value: Int) -> SQLiteValue { .integer(Int64(value)) }

    static func int(_ value: Int?) -> SQLiteValue { value.map { .integer(Int64($0)) } ?? .null }

    static func text(_ value: String?) -> SQLiteValue { value.map { .text($0) } ?? .null }

    static func bool(_ value: Bool) -> SQLiteValue { .integer(value ? 1 : 0) }
}
