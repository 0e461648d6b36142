/// A statement's result copied out of libpq: column names, rows of text values (nil for NULL),
/// and the number of rows the command affected.
struct PostgresResult: Sendable {
    var columns: [String]
    var rows: [[String?]]
    var affectedRows: Int
}

/// One row of a `PostgresResult` (text format).
struct PostgresRow: StoredRow {
    let values: [String?]
    let columns: [String]
    let operation: String

    func optionalText(_ column: Int32) -> String? {
        Int(column) < values.count ? values[Int(column)] : nil
    }

    func text(_ column: Int32) throws -> String {
        guard let value = optionalText(column) else { throw unreadable(column) }
        return value
    }

    func optionalInt(_ column: Int32) -> Int? {
        optionalText(column).flatMap { Int($0) }
    }

    func int(_ column: Int32) throws -> Int {
        guard let value = optionalInt(column) else { throw unreadable(column) }
        return value
    }

    func int64(_ column: Int32) throws -> Int64 {
        guard let value = optionalText(column).flatMap({ Int64($0) }) else { throw unreadable(column) }
        return value
    }

    func double(_ column: Int32) throws -> Double {
        guard let value = optionalText(column).flatMap({ Double($0) }) else { throw unreadable(column) }
        return value
    }

    func bool(_ column: Int32) throws -> Bool {
        switch optionalText(column) {
        case "t": return true
        case "f": return false
        default: throw unreadable(column)
        }
    }

    private func unreadable(_ column: Int32) -> StorageError {
        let name = Int(column) < columns.count ? columns[Int(column)] : "#\(column)"
        return .invalidStoredValue(operation: operation, column: name)
    }
}
