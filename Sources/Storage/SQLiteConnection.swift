import CSQLite
import Glibc

/// One SQLite connection and its prepared-statement cache.
///
/// Not thread-safe: it is opened with `SQLITE_OPEN_NOMUTEX` and confined to one `SQLiteLane`.
final class SQLiteConnection {
    let path: String
    private var handle: OpaquePointer?
    private var statements: [String: SQLiteStatement] = [:]

    /// Opens (creating when missing) the database file at `path`.
    init(path: String, busyTimeoutMilliseconds: Int) throws {
        self.path = path
        var database: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let code = sqlite3_open_v2(path, &database, flags, nil)
        guard code == SQLITE_OK, let database else {
            let message = sqliteMessage(database, code: code)
            // A handle is returned even on failure and must be closed; closing it cannot fail here.
            _ = sqlite3_close_v2(database)
            throw StorageError.fromSQLite(code: code, message: message, operation: "open database", path: path)
        }
        handle = database
        let timeout = Int32(clamping: busyTimeoutMilliseconds)
        try check(sqlite3_busy_timeout(database, timeout), operation: "set busy timeout")
    }

    deinit {
        if handle != nil { try? close() }
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE on this connection.
    var changes: Int {
        handle.map { Int(sqlite3_changes64($0)) } ?? 0
    }

    /// Whether no transaction is open.
    var isAutocommit: Bool {
        handle.map { sqlite3_get_autocommit($0) != 0 } ?? true
    }

    /// Runs one or more statements that take no parameters (schema changes, pragmas).
    func executeScript(_ sql: String, operation: String) throws {
        let database = try open(operation)
        var errorText: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(database, sql, nil, nil, &errorText)
        guard code == SQLITE_OK else {
            let message = errorText.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(database))
            sqlite3_free(errorText)
            throw StorageError.fromSQLite(code: code, message: message, operation: operation, path: path)
        }
    }

    /// Binds `values`, steps through every row and hands each to `body`; returns what `body` returned.
    func rows<T>(
        _ sql: String, _ values: [SQLiteValue] = [], operation: String, _ body: (SQLiteRow) throws -> T
    ) throws -> [T] {
        let statement = try prepared(sql, operation: operation)
        defer { statement.reset() }
        try statement.bind(values, operation: operation)
        var results: [T] = []
        while try statement.step(operation: operation) {
            results.append(try body(SQLiteRow(handle: statement.handle, operation: operation)))
        }
        return results
    }

    /// The first row decoded by `body`, or nil when there is none; the statement runs to completion.
    func firstRow<T>(
        _ sql: String, _ values: [SQLiteValue] = [], operation: String, _ body: (SQLiteRow) throws -> T
    ) throws -> T? {
        try rows(sql, values, operation: operation, body).first
    }

    /// Runs a statement that returns no rows; returns how many rows it changed.
    @discardableResult
    func run(_ sql: String, _ values: [SQLiteValue] = [], operation: String) throws -> Int {
        let statement = try prepared(sql, operation: operation)
        defer { statement.reset() }
        try statement.bind(values, operation: operation)
        while try statement.step(operation: operation) {}
        return changes
    }

    /// Finalizes every cached statement and closes the connection.
    func close() throws {
        guard let database = handle else { return }
        for statement in statements.values {
            // finalize repeats the statement's last error, already reported when it happened.
            _ = sqlite3_finalize(statement.handle)
        }
        statements.removeAll()
        handle = nil
        try check(sqlite3_close(database), database: database, operation: "close database")
    }

    private func prepared(_ sql: String, operation: String) throws -> SQLiteStatement {
        if let cached = statements[sql] { return cached }
        let database = try open(operation)
        var statementHandle: OpaquePointer?
        let code = sqlite3_prepare_v3(database, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statementHandle, nil)
        try check(code, operation: operation)
        guard let statementHandle else {
            preconditionFailure("\(operation): statement text is empty: \(sql)")
        }
        let statement = SQLiteStatement(handle: statementHandle, sql: sql, path: path)
        statements[sql] = statement
        return statement
    }

    private func open(_ operation: String) throws -> OpaquePointer {
        guard let handle else { throw StorageError.closed(operation: operation) }
        return handle
    }

    private func check(_ code: Int32, operation: String) throws {
        guard code != SQLITE_OK else { return }
        try check(code, database: open(operation), operation: operation)
    }

    private func check(_ code: Int32, database: OpaquePointer, operation: String) throws {
        guard code != SQLITE_OK else { return }
        throw StorageError.fromSQLite(code: code, message: sqliteMessage(database, code: code), operation: operation, path: path)
    }
}

extension SQLiteConnection {
    /// WAL journal (readers never block the writer), `synchronous=NORMAL` (durable at each
    /// checkpoint, never corrupt), foreign keys enforced (deletes cascade).
    func configureAsWriter() throws {
        let operation = "enable WAL journal"
        let mode = try firstRow("PRAGMA journal_mode = WAL", operation: operation) { try $0.text(0) }
        guard mode?.lowercased() == "wal" else {
            throw StorageError.sqlite(operation: operation, code: 0, message: "journal mode stayed \(mode ?? "unknown")")
        }
        try executeScript("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON", operation: "configure writer")
    }

    /// A connection that refuses writes, for the reader lanes.
    func configureAsReader() throws {
        try executeScript("PRAGMA foreign_keys = ON; PRAGMA query_only = ON", operation: "configure reader")
    }
}

extension SQLiteConnection {
    /// Every plan with its number of users; a stored plan this program does not know counts as free.
    func countUsersByPlan(operation: String) throws -> [Plan: Int] {
        var counts = Dictionary(uniqueKeysWithValues: Plan.allCases.map { ($0, 0) })
        let rows = try rows("SELECT plan, COUNT(*) FROM users GROUP BY plan", operation: operation) {
            (Plan(storedValue: try $0.text(0)), try $0.int(1))
        }
        for (plan, count) in rows { counts[plan, default: 0] += count }
        return counts
    }
}

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

/// SQLite's message for the last error on `database`, with the operating system's reason when there is one (e.g.
/// "unable to open database file (Too many open files)"); without a handle, the generic text of `code`.
func sqliteMessage(_ database: OpaquePointer?, code: Int32) -> String {
    guard let database else { return String(cString: sqlite3_errstr(code)) }
    let message = String(cString: sqlite3_errmsg(database))
    let system = sqlite3_system_errno(database)
    return system == 0 ? message : "\(message) (\(String(cString: strerror(system))))"
}
