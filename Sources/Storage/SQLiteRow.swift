import CSQLite

/// The current row of a statement that has just stepped to `SQLITE_ROW`. Valid only inside the
/// closure it is passed to; columns are numbered from 0.
struct SQLiteRow: StoredRow {
    let handle: OpaquePointer
    let operation: String

    func isNull(_ column: Int32) -> Bool {
        sqlite3_column_type(handle, column) == SQLITE_NULL
    }

    func optionalText(_ column: Int32) -> String? {
        // column_text must be called before column_bytes (sqlite3.h, "Result Values From A Query").
        guard let bytes = sqlite3_column_text(handle, column) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    func text(_ column: Int32) throws -> String {
        guard let value = optionalText(column) else { throw missing(column) }
        return value
    }

    func optionalInt(_ column: Int32) -> Int? {
        isNull(column) ? nil : Int(sqlite3_column_int64(handle, column))
    }

    func int(_ column: Int32) throws -> Int {
        guard let value = optionalInt(column) else { throw missing(column) }
        return value
    }

    func int64(_ column: Int32) throws -> Int64 {
        guard !isNull(column) else { throw missing(column) }
        return sqlite3_column_int64(handle, column)
    }

    func double(_ column: Int32) throws -> Double {
        guard !isNull(column) else { throw missing(column) }
        return sqlite3_column_double(handle, column)
    }

    func bool(_ column: Int32) throws -> Bool {
        try int64(column) != 0
    }

    private func missing(_ column: Int32) -> StorageError {
        let name = sqlite3_column_name(handle, column).map { String(cString: $0) } ?? "#\(column)"
        return .invalidStoredValue(operation: operation, column: name)
    }
}
