import ArgumentParser
import Eloquent

/// `eloquent-server migrate`: applies the store's pending migrations and reports them.
struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or upgrade the database schema (DATABASE_URL, else DATA_DIR), then exit.")

    @Option(name: .customLong("env-file"), help: "The .env file to read, if present.") var envFile = ".env"

    func run() throws {
        let config = try ConfigLoading.loadOrExit(dotEnvPath: envFile)
        do {
            print(try runBlocking { try await StoreMigration.run(config: config) })
        } catch {
            throw ValidationError("migration failed: \(error)")
        }
    }
}
