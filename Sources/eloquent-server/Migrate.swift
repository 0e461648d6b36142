import ArgumentParser
import Dispatch
import Eloquent
import Synchronization

/// `eloquent-server migrate`: applies the store's pending migrations and reports them.
struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or upgrade the database schema in DATA_DIR, then exit.")

    @Option(name: .customLong("env-file"), help: "The .env file to read, if present.") var envFile = ".env"

    func run() throws {
        let config = try ConfigLoading.loadOrExit(dotEnvPath: envFile)
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<String, any Error>?>(nil)
        Task {
            let result: Result<String, any Error>
            do { result = .success(try await StoreMigration.run(dataDir: config.dataDir)) } catch { result = .failure(error) }
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        switch outcome.withLock({ $0! }) {
        case .success(let report): print(report)
        case .failure(let error): throw ValidationError("migration failed: \(error)")
        }
    }
}
