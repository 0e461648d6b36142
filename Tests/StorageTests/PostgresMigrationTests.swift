@testable import Storage
import Testing

@Suite(.enabled(if: !PostgresTestServer.skipped, "ELOQUENT_TEST_SKIP_POSTGRES=1"))
struct PostgresMigrationTests {
    static let noMigration = PostgresStoreOptions(migrateOnOpen: false)

    @Test func emptyDatabaseIsMigratedToTheLatestVersionAndAgainChangesNothing() async throws {
        try await withPostgresDatabase { url in
            let store = try await PostgresStore.open(url: url, options: Self.noMigration)
            #expect(try await store.schemaVersion() == 0)
            #expect(try await !store.tableNames().contains("users"))
            let report = try await store.migrate()
            #expect(report == MigrationReport(
                fromVersion: 0, toVersion: PostgresSchema.latestVersion, applied: Array(1...PostgresSchema.latestVersion)))
            let tables = try await store.tableNames()
            for table in ["users", "devices", "usage_records", "usage_monthly", "stripe_events", "schema_migrations"] {
                #expect(tables.contains(table), "missing table \(table)")
            }
            let again = try await store.migrate()
            #expect(again == MigrationReport(fromVersion: PostgresSchema.latestVersion, toVersion: PostgresSchema.latestVersion, applied: []))
            #expect(try await store.appliedVersions() == Array(1...PostgresSchema.latestVersion))
            try await store.close()
        }
    }

    @Test(arguments: 1..<PostgresSchema.latestVersion)
    func databaseAtAnEarlierVersionIsUpgradedWithItsData(version: Int) async throws {
        try await withPostgresDatabase { url in
            let old = try await PostgresStore.open(
                url: url, options: PostgresStoreOptions(), migrations: Array(PostgresSchema.migrations.prefix(version)))
            #expect(try await old.schemaVersion() == version)
            try await old.execute("""
                INSERT INTO users (id, email, name, plan, created_at, last_login_at, updated_at)
                VALUES ('old-user', 'old@example.com', 'Old', 'pro', 1, 2, 3)
                """)
            if version >= 2 {
                try await old.execute("INSERT INTO usage_monthly (user_id, month, seconds) VALUES ('old-user', '2024-03', 42.5)")
            }
            try await old.close()

            let store = try await PostgresStore.open(url: url)
            #expect(try await store.appliedVersions() == Array(1...PostgresSchema.latestVersion))
            let user = try #require(try await store.user(id: "old-user"))
            #expect(user.plan == .pro && user.name == "Old" && user.createdAt == 1)
            #expect(user.stripeCustomerID == nil && user.settings == .defaults)
            if version >= 2 {
                #expect(try await store.monthSeconds(userID: "old-user", month: "2024-03") == 42.5)
            }
            try await store.makeUser("new-user")
            #expect(try await store.setStripeCustomer(userID: "new-user", customerID: "cus_1", now: 1))
            try await store.close()
        }
    }

    @Test func instancesStartingAtOnceApplyEachStepOnce() async throws {
        try await withPostgresDatabase { url in
            let stores = try await withThrowingTaskGroup(of: PostgresStore.self) { group in
                for _ in 0..<4 { group.addTask { try await PostgresStore.open(url: url) } }
                return try await group.reduce(into: [PostgresStore]()) { $0.append($1) }
            }
            for store in stores {
                #expect(try await store.appliedVersions() == Array(1...PostgresSchema.latestVersion))
            }
            for store in stores { try await store.close() }
        }
    }

    @Test func newerSchemaIsRefusedWithAClearError() async throws {
        try await withPostgresDatabase { url in
            let store = try await PostgresStore.open(url: url)
            try await store.close()
            let known = PostgresSchema.latestVersion - 1
            for options in [PostgresStoreOptions(), Self.noMigration] {
                let error = await #expect(throws: StorageError.self) {
                    _ = try await PostgresStore.open(url: url, options: options, migrations: Array(PostgresSchema.migrations.prefix(known)))
                }
                #expect(error == .schemaTooNew(found: PostgresSchema.latestVersion, known: known))
                #expect(error?.description.contains("newer") == true)
            }
            let current = try await PostgresStore.open(url: url)
            try await current.execute("INSERT INTO schema_migrations (version, applied_at) VALUES (99, 0)")
            await #expect(throws: StorageError.schemaTooNew(found: 99, known: PostgresSchema.latestVersion)) {
                _ = try await current.migrate()
            }
            try await current.close()
        }
    }

    @Test func failingStepIsRolledBackAndNotRecorded() async throws {
        try await withPostgresDatabase { url in
            let broken = PostgresSchema.migrations + [
                PostgresMigration(version: PostgresSchema.latestVersion + 1, name: "broken", statements: [
                    "CREATE TABLE half (x INTEGER)", "SELECT * FROM missing_table",
                ]),
            ]
            let error = await #expect(throws: StorageError.self) {
                _ = try await PostgresStore.open(url: url, options: PostgresStoreOptions(), migrations: broken)
            }
            #expect(error?.description.contains("broken") == true)
            guard case .postgres(_, "42P01", _) = error else {
                Issue.record("expected undefined_table (42P01), got \(String(describing: error))")
                return
            }
            let store = try await PostgresStore.open(url: url)
            #expect(try await store.schemaVersion() == PostgresSchema.latestVersion)
            #expect(!(try await store.tableNames().contains("half")))
            try await store.close()
        }
    }
}
