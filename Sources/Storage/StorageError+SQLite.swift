import CSQLite

extension StorageError {
    /// The error for a failed SQLite call: damaged files and constraint failures get their own cases.
    static func fromSQLite(code: Int32, message: String, operation: String, path: String) -> StorageError {
        switch code & 0xFF {
        case SQLITE_CORRUPT, SQLITE_NOTADB:
            return .corruptDatabase(path: path, operation: operation, message: message)
        case SQLITE_CONSTRAINT:
            return .constraintViolation(operation: operation, message: message)
        default:
            return .sqlite(operation: operation, code: code, message: message)
        }
    }
}
