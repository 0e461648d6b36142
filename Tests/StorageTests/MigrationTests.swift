@testable import Storage
import Testing

@Suite struct MigrationTests {
    @Test func emptyDirectoryIsMigratedToTheLatestVersion() async throws {
        try await withStore { store, _ in
            #expect(try await store.schemaVersion() == Schema.latestVersion)
            let tables = try await store.tableNames()
            for table in ["users", "devices", "usage_records", "usage_monthly", "stripe_events", "schema_migrations"] {
                #expect(tables.contains(table), "missing table \(table)")
            }
        }
    }

    @Test func migrateAgainChangesNothing() async throws {
        try await withStore { store, _ in
            let first = try await store.migrate()
            let second = try await store.migrate()
            #expect(first == MigrationReport(fromVersion: Schema.latestVersion, toVersion: Schema.latestVersion, applied: []))
            #expect(second == first)
            #expect(try await store.appliedVersions() == Array(1...Schema.latestVersion))
        }
    }

    @Test func openingWithoutMigratingThenMigrateReportsEveryStep() async throws {
        try await withTemporaryDirectory { directory in
            let store = try await SQLiteStore.open(directory: directory, options: SQLiteStoreOptions(migrateOnOpen: false))
            #expect(try await store.schemaVersion() == 0)
            let report = try await store.migrate()
            #expect(report == MigrationReport(fromVersion: 0, toVersion: Schema.latestVersion, applied: Array(1...Schema.latestVersion)))
            try await store.close()
        }
    }

    @Test(arguments: 0..<Schema.latestVersion)
    func databaseAtAnEarlierVersionIsUpgradedWithItsData(version: Int) async throws {
        try await withTemporaryDirectory { directory in
            let old = try await SQLiteStore.open(
                directory: directory, options: SQLiteStoreOptions(), migrations: Array(Schema.migrations.prefix(version)))
            #expect(try await old.schemaVersion() == version)
            if version >= 1 {
                try await old.write("seed v\(version)") { connection in
                    try connection.run("""
                        INSERT INTO users (id, email, name, plan, created_at, last_login_at, updated_at)
                        VALUES ('old-user', 'old@example.com', 'Old', 'pro', 1, 2, 3)
                        """, operation: "seed")
                }
            }
            if version >= 2 {
                try await old.write("seed usage") { connection in
                    try connection.run(
                        "INSERT INTO usage_monthly (user_id, month, seconds) VALUES ('old-user', '2024-03', 42.5)",
                        operation: "seed")
                }
            }
            try await old.close()

            let store = try await SQLiteStore.open(directory: directory)
            #expect(try await store.schemaVersion() == Schema.latestVersion)
            #expect(try await store.appliedVersions() == Array(1...Schema.latestVersion))
            if version >= 1 {
                let user = try #require(try await store.user(id: "old-user"))
                #expect(user.plan == .pro && user.name == "Old" && user.createdAt == 1)
                #expect(user.stripeCustomerID == nil && user.subscriptionEventAt == nil)
                #expect(user.settings == .defaults)
            }
            if version >= 2 {
                #expect(try await store.monthSeconds(userID: "old-user", month: "2024-03") == 42.5)
            }
            // Every part of the schema works after the upgrade.
            try await store.makeUser("new-user")
            let result = try await store.recordUsage(
                UsageEntry(userID: "new-user", seconds: 5, mode: "standard", language: "en", processingTimeMs: 1, success: true),
                now: Instant.march2024, limitSeconds: nil)
            #expect(result.monthSeconds == 5)
            #expect(try await store.setStripeCustomer(userID: "new-user", customerID: "cus_1", now: 1))
            #expect(try await store.markStripeEventProcessed(id: "evt_1", type: "invoice.paid", now: 1))
            try await store.close()
        }
    }

    @Test func concurrentOpeningsOfAnOldDatabaseApplyEachStepOnce() async throws {
        try await withTemporaryDirectory { directory in
            let old = try await SQLiteStore.open(
                directory: directory, options: SQLiteStoreOptions(), migrations: Array(Schema.migrations.prefix(1)))
            try await old.close()
            async let first = SQLiteStore.open(directory: directory)
            async let second = SQLiteStore.open(directory: directory)
            let stores = try await [first, second]
            for store in stores {
                #expect(try await store.appliedVersions() == Array(1...Schema.latestVersion))
            }
            for store in stores { try await store.close() }
        }
    }

    @Test func newerSchemaIsRefusedWithAClearError() async throws {
        try await withTemporaryDirectory { directory in
            let store = try await SQLiteStore.open(directory: directory)
            try await store.close()
            let known = Schema.latestVersion - 1
            for options in [SQLiteStoreOptions(), SQLiteStoreOptions(migrateOnOpen: false)] {
                let error = await #expect(throws: StorageError.self) {
                    _ = try await SQLiteStore.open(
                        directory: directory, options: options, migrations: Array(Schema.migrations.prefix(known)))
                }
                #expect(error == .schemaTooNew(found: Schema.latestVersion, known: known))
                #expect(error?.description.contains("newer") == true)
            }
        }
    }

    @Test func unknownFutureVersionRowIsRefused() async throws {
        try await withTemporaryDirectory { directory in
            let store = try await SQLiteStore.open(directory: directory)
            try await store.write("add future version") { connection in
                try connection.run("INSERT INTO schema_migrations (version, applied_at) VALUES (99, 0)", operation: "seed")
            }
            await #expect(throws: StorageError.schemaTooNew(found: 99, known: Schema.latestVersion)) {
                _ = try await store.migrate()
            }
            try await store.close()
            await #expect(throws: StorageError.schemaTooNew(found: 99, known: Schema.latestVersion)) {
                _ = try await SQLiteStore.open(directory: directory)
            }
        }
    }

    @Test func failingStepIsRolledBackAndNotRecorded() async throws {
        try await withTemporaryDirectory { directory in
            let broken = Schema.migrations + [
                Migration(version: Schema.latestVersion + 1, name: "broken", sql: "CREATE TABLE half (x); SELECT * FROM missing_table"),
            ]
            let error = await #expect(throws: StorageError.self) {
                _ = try await SQLiteStore.open(directory: directory, options: SQLiteStoreOptions(), migrations: broken)
            }
            #expect(error?.description.contains("broken") == true)
            let store = try await SQLiteStore.open(directory: directory)
            #expect(try await store.schemaVersion() == Schema.latestVersion)
            #expect(!(try await store.tableNames().contains("half")))
            try await store.close()
        }
    }
}

extension SQLiteStore {
    func tableNames() async throws -> Set<String> {
        Set(try await write("test tables") { connection in
            try connection.rows("SELECT name FROM sqlite_schema WHERE type = 'table'", operation: "test") { try $0.text(0) }
        })
    }

    func appliedVersions() async throws -> [Int] {
        try await write("test versions") { connection in
            try connection.rows("SELECT version FROM schema_migrations ORDER BY version", operation: "test") { try $0.int(0) }
        }
    }
}
