import Foundation
@testable import Storage
import Testing

/// The stores the contract suites run against. PostgreSQL is left out only when
/// `ELOQUENT_TEST_SKIP_POSTGRES=1` says so; otherwise a missing server fails the tests.
enum StoreKind: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case sqlite
    case postgres

    static var all: [StoreKind] { PostgresTestServer.skipped ? [.sqlite] : [.sqlite, .postgres] }

    var testDescription: String { rawValue }
}

/// What the contract suites need of a store beyond `Store`: raw SQL for setting up odd states,
/// and a look at its tables.
protocol TestStore: Store {
    var kind: StoreKind { get }
    /// Runs one statement written in SQL both databases read alike.
    func execute(_ sql: String) async throws
    /// Rows of `table` belonging to `userID`.
    func rowCount(_ table: String, userID: String) async throws -> Int
    func tableNames() async throws -> Set<String>
    func appliedVersions() async throws -> [Int]
    func schemaVersion() async throws -> Int
}

/// A freshly migrated store of `kind` (its own file, or its own database), closed after `body`.
func withStore(_ kind: StoreKind, _ body: (any TestStore) async throws -> Void) async throws {
    switch kind {
    case .sqlite:
        try await withStore { store, _ in try await body(store) }
    case .postgres:
        try await withPostgresStore { store, _ in try await body(store) }
    }
}

extension SQLiteStore: TestStore {
    var kind: StoreKind { .sqlite }

    func execute(_ sql: String) async throws {
        try await write("test statement") { try $0.run(sql, operation: "test statement") }
    }
}

extension PostgresStore: TestStore {
    var kind: StoreKind { .postgres }

    func execute(_ sql: String) async throws {
        try await withConnection("test statement") { try await $0.run(sql, operation: "test statement") }
    }

    func rowCount(_ table: String, userID: String) async throws -> Int {
        try await withConnection("test count") { connection in
            try await connection.firstRow(
                "SELECT COUNT(*) FROM \(table) WHERE user_id = $1", [.text(userID)], operation: "test count") { try $0.int(0) } ?? -1
        }
    }

    func tableNames() async throws -> Set<String> {
        Set(try await withConnection("test tables") { connection in
            try await connection.rows(
                "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema()", operation: "test") { try $0.text(0) }
        })
    }

    func appliedVersions() async throws -> [Int] {
        try await withConnection("test versions") { connection in
            try await connection.rows("SELECT version FROM schema_migrations ORDER BY version", operation: "test") { try $0.int(0) }
        }
    }
}

/// The PostgreSQL servers `scripts/with-postgres` starts for the tests.
enum PostgresTestServer {
    struct NotConfigured: Error, CustomStringConvertible {
        let variable: String
        var description: String {
            "\(variable) is not set: run the tests under scripts/with-postgres (scripts/test does), "
                + "or set ELOQUENT_TEST_SKIP_POSTGRES=1 to leave the PostgreSQL tests out"
        }
    }

    static var skipped: Bool { ProcessInfo.processInfo.environment["ELOQUENT_TEST_SKIP_POSTGRES"] == "1" }

    static func variable(_ name: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { throw NotConfigured(variable: name) }
        return value
    }

    /// The shared server's URL.
    static func url() throws -> String { try variable("ELOQUENT_TEST_POSTGRES_URL") }

    /// `url` with its database name replaced by `database`.
    static func url(_ url: String, database: String) -> String {
        let query = url.firstIndex(of: "?") ?? url.endIndex
        let slash = url[..<query].lastIndex(of: "/")!
        return String(url[..<slash]) + "/" + database + String(url[query...])
    }
}

/// A new, empty database on the server at `serverURL` (the shared one by default), dropped after `body`.
func withPostgresDatabase<T>(serverURL: String? = nil, _ body: (String) async throws -> T) async throws -> T {
    let server = try serverURL ?? PostgresTestServer.url()
    let name = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    let admin = try await PostgresStore.open(url: server, options: PostgresStoreOptions(poolSize: 1, migrateOnOpen: false))
    do {
        try await admin.execute("CREATE DATABASE \(name)")
        let result: T
        do {
            result = try await body(PostgresTestServer.url(server, database: name))
        } catch {
            try? await admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            throw error
        }
        try await admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        try await admin.close()
        return result
    } catch {
        try? await admin.close()
        throw error
    }
}

/// A freshly migrated PostgresStore on a database of its own, closed after `body`.
func withPostgresStore(
    options: PostgresStoreOptions = PostgresStoreOptions(), _ body: (PostgresStore, String) async throws -> Void
) async throws {
    try await withPostgresDatabase { url in
        let store = try await PostgresStore.open(url: url, options: options)
        do {
            try await body(store, url)
            try await store.close()
            // Every connection's socket watcher and timer was closed: the loop ended with no handle open.
            #expect(store.loopCloseResult == 0)
        } catch {
            try? await store.close()
            throw error
        }
    }
}
