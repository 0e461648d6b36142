import ArgumentParser
import Eloquent

/// `eloquent-server migrate`: applies the store's pending migrations and reports them.
struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or upgrade the database schema in DATA_DIR, then exit.")

    @Option(name: .customLong("env-file"), help: "The .env file to read, if present.") var envFile = ".env"

    func run() throws {
        let config = try ConfigLoading.loadOrExit(dotEnvPath: envFile)
        do {
            let dataDir = config.dataDir
            print(try runBlocking { try await StoreMigration.run(dataDir: dataDir) })
        } catch {
            throw ValidationError("migration failed: \(error)")
        }
    }
}
