@testable import Storage

// Raw statements for tests that set a store up in ways no route can (triggers that make a write fail, databases).

extension SQLiteStore {
    func runForTest(_ sql: String) async throws {
        try await write("test statement") { try $0.run(sql, operation: "test statement") }
    }
}

extension PostgresStore {
    func runForTest(_ sql: String) async throws {
        try await withConnection("test statement") { try await $0.run(sql, operation: "test statement") }
    }
}
