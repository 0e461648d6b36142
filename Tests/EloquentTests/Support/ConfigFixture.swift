import Eloquent
import Foundation
import Testing

/// Loads a configuration from `environment` alone (no `.env` file), with 4 active cores.
func loadConfig(_ environment: [String: String], cores: Int = 4) throws(ConfigError) -> Config {
    try Config.load(environment: environment, dotEnvPath: nil, activeCores: cores)
}

/// The error loading `environment` produces, or `nil` when it loads.
func configError(_ environment: [String: String]) -> ConfigError? {
    do {
        _ = try loadConfig(environment)
        return nil
    } catch {
        return error
    }
}

/// A temporary file holding `contents`, removed by the caller.
func temporaryEnvFile(_ contents: [UInt8]) throws -> String {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("eloquent-env-\(UUID().uuidString)").path
    try Data(contents).write(to: URL(fileURLWithPath: path))
    return path
}
