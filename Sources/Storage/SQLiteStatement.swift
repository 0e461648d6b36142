import CSQLite

/// A prepared statement, owned and cached by one `SQLiteConnection`.
final class SQLiteStatement {
    let handle: OpaquePointer
    let sql: String
    private let path: String

    init(handle: OpaquePointer, sql: String, path: String) {
        self.handle = handle
        self.sql = sql
        self.path = path
    }

    /// Binds `values` to parameters 1, 2, ... (text is copied by SQLite).
    func bind(_ values: [SQLiteValue], operation: String) throws {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .null:
                code = sqlite3_bind_null(handle, index)
            case let .integer(number):
                code = sqlite3_bind_int64(handle, index, number)
            case let .real(number):
                code = sqlite3_bind_double(handle, index, number)
            case let .text(string):
                let byteCount = string.utf8.count
                guard byteCount <= Int(Int32.max) else {
                    throw StorageError.invalidArgument(operation: operation, reason: "text of \(byteCount) bytes is too long")
                }
                code = string.withCString { eloquent_sqlite3_bind_text_transient(handle, index, $0, Int32(byteCount)) }
            }
            try check(code, operation: operation)
        }
    }

    /// Steps once: true when a row is available, false when the statement is done.
    func step(operation: String) throws -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw error(code, operation: operation)
        }
    }

    /// Makes the statement ready for its next use and releases its bound values.
    func reset() {
        // sqlite3_reset repeats the error of the last step, which step() has already thrown;
        // sqlite3_clear_bindings always returns SQLITE_OK.
        _ = sqlite3_reset(handle)
        _ = sqlite3_clear_bindings(handle)
    }

    private func check(_ code: Int32, operation: String) throws {
        guard code == SQLITE_OK else { throw error(code, operation: operation) }
    }

    private func error(_ code: Int32, operation: String) -> StorageError {
        let database = sqlite3_db_handle(handle)
        return .fromSQLite(code: code, message: sqliteMessage(database, code: code), operation: operation, path: path)
    }
}
