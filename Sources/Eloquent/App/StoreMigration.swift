import Storage

/// The `migrate` command's work: open the SQLite store without migrating, apply what is pending, report.
public enum StoreMigration {
    public static func run(dataDir: String) async throws -> String {
        let store = try await SQLiteStore.open(directory: dataDir, options: SQLiteStoreOptions(migrateOnOpen: false))
        do {
            let report = try await store.migrate()
            let version = try await store.schemaVersion()
            try await store.close()
            return "\(store.path): schema version \(version) (\(report))"
        } catch {
            try? await store.close()
            throw error
        }
    }
}
