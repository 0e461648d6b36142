import Storage

/// The `migrate` command's work: open the SQLite store without migrating, apply what is pending, report.
public enum StoreMigration {
    public static func run(dataDir: String) async throws -> String {
        let store = try await SQLiteStore.open(directory: dataDir, options: SQLiteStoreOptions(migrateOnOpen: false))
        do {
            let report = try await store.migrate()
            let version = try await store.schemaVersion()
            try await store.close()
            let change = report.applied.isEmpty ? "already up to date"
                : "applied " + report.applied.map(String.init).joined(separator: ", ") + " from version \(report.fromVersion)"
            return "\(store.path): schema version \(version) (\(change))"
        } catch {
            try? await store.close()
            throw error
        }
    }
}
