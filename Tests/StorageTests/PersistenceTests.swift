@testable import Storage
import Testing

@Suite struct PersistenceTests {
    @Test func everythingSurvivesCloseAndReopen() async throws {
        try await withTemporaryDirectory { directory in
            let store = try await SQLiteStore.open(directory: directory)
            try await store.makeUser("u1", name: "Ann", now: 10)
            _ = try await store.setPlan(userID: "u1", plan: .starter, now: 11)
            _ = try await store.setStripeCustomer(userID: "u1", customerID: "cus_1", now: 12)
            _ = try await store.updateSettings(userID: "u1", patch: UserSettingsPatch(language: "it"), now: 13)
            _ = try await store.registerDevice(userID: "u1", deviceID: "mac", now: 14)
            let entry = UsageEntry(userID: "u1", seconds: 61, mode: "grammar", language: "it", processingTimeMs: 900, success: true)
            _ = try await store.recordUsage(entry, now: Instant.march2024, limitSeconds: nil)
            _ = try await store.markStripeEventProcessed(id: "evt_1", type: "invoice.paid", now: 15)
            let before = try #require(try await store.user(id: "u1"))
            let history = try await store.usageHistory(userID: "u1", limit: 10)
            try await store.close()
            await #expect(throws: StorageError.closed(operation: "read user by id")) { _ = try await store.user(id: "u1") }
            await #expect(throws: StorageError.closed(operation: "set plan")) { _ = try await store.setPlan(userID: "u1", plan: .pro, now: 1) }

            let reopened = try await SQLiteStore.open(directory: directory)
            #expect(try await reopened.user(id: "u1") == before)
            #expect(try await reopened.usageHistory(userID: "u1", limit: 10) == history)
            #expect(try await reopened.monthSeconds(userID: "u1", month: "2024-03") == 61)
            #expect(try await reopened.devices(userID: "u1") == [DeviceRecord(userID: "u1", deviceID: "mac", firstSeen: 14, lastSeen: 14)])
            #expect(try await !reopened.markStripeEventProcessed(id: "evt_1", type: "invoice.paid", now: 16))
            #expect(try await reopened.schemaVersion() == Schema.latestVersion)
            try await reopened.close()
        }
    }

    @Test func fileIsInTheDataDirectoryInWALModeAndDirectoryIsCreated() async throws {
        try await withTemporaryDirectory { base in
            let directory = base + "/nested/data/"
            let store = try await SQLiteStore.open(directory: directory)
            #expect(store.path == base + "/nested/data/eloquent.sqlite3")
            let pragmas = try await store.write("test pragmas") { connection in
                [
                    try connection.firstRow("PRAGMA journal_mode", operation: "test") { try $0.text(0) } ?? "",
                    String(try connection.firstRow("PRAGMA foreign_keys", operation: "test") { try $0.int(0) } ?? -1),
                    String(try connection.firstRow("PRAGMA synchronous", operation: "test") { try $0.int(0) } ?? -1),
                ]
            }
            #expect(pragmas == ["wal", "1", "1"]) // synchronous NORMAL is 1
            let readerRefusesWrites = await #expect(throws: StorageError.self) {
                try await store.read("test write on reader") { connection in
                    try connection.run("DELETE FROM users", operation: "test write on reader")
                }
            }
            #expect(readerRefusesWrites != nil)
            try await store.close()
        }
    }

    @Test func closingTwiceIsHarmless() async throws {
        try await withTemporaryDirectory { directory in
            let store = try await SQLiteStore.open(directory: directory)
            try await store.close()
            try await store.close()
            await #expect(throws: StorageError.closed(operation: "migrate")) { _ = try await store.migrate() }
        }
    }
}
