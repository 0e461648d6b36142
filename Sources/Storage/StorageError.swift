import CSQLite

/// Every failure of a store. Each case names the operation that failed.
public enum StorageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// SQLite returned `code` (extended result code) with `message`.
    case sqlite(operation: String, code: Int32, message: String)
    /// The database file is damaged or is not a SQLite database.
    case corruptDatabase(path: String, operation: String, message: String)
    /// A uniqueness, foreign-key or check constraint refused the write.
    case constraintViolation(operation: String, message: String)
    /// The database was written by a newer version of this program.
    case schemaTooNew(found: Int, known: Int)
    /// The operation needs a user row that does not exist.
    case userNotFound(operation: String, id: String)
    /// An argument was out of range (negative seconds, a malformed month, ...).
    case invalidArgument(operation: String, reason: String)
    /// A stored value could not be read back (e.g. a NULL where none may be).
    case invalidStoredValue(operation: String, column: String)
    /// The store was closed before or during the operation.
    case closed(operation: String)
    /// The data directory could not be created or used.
    case fileSystem(operation: String, path: String, message: String)
    /// PostgreSQL could not be reached, or the connection broke during the operation (a write
    /// whose commit was in flight may or may not have happened). The database may come back: the
    /// app answers 503 + `Retry-After`.
    case unavailable(operation: String, message: String)
    /// PostgreSQL refused the statement with SQLSTATE `sqlState` and `message`.
    case postgres(operation: String, sqlState: String, message: String)

    /// True for `.unavailable`: the database is unreachable now and may come back.
    public var isUnavailable: Bool {
        if case .unavailable = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case let .sqlite(operation, code, message):
            return "\(operation): sqlite error \(code): \(message)"
        case let .corruptDatabase(path, operation, message):
            return "\(operation): database file \(path) is damaged or not a SQLite database: \(message)"
        case let .constraintViolation(operation, message):
            return "\(operation): constraint violated: \(message)"
        case let .schemaTooNew(found, known):
            return "database schema version \(found) is newer than the newest this program knows (\(known)); "
                + "upgrade eloquent-server or use another database (DATA_DIR or DATABASE_URL)"
        case let .userNotFound(operation, id):
            return "\(operation): no user with id \(id)"
        case let .invalidArgument(operation, reason):
            return "\(operation): invalid argument: \(reason)"
        case let .invalidStoredValue(operation, column):
            return "\(operation): unreadable stored value in column \(column)"
        case let .closed(operation):
            return "\(operation): the store is closed"
        case let .fileSystem(operation, path, message):
            return "\(operation): \(path): \(message)"
        case let .unavailable(operation, message):
            return "\(operation): database unavailable: \(message)"
        case let .postgres(operation, sqlState, message):
            return "\(operation): PostgreSQL error \(sqlState): \(message)"
        }
    }
}

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
