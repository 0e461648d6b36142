import ArgumentParser
import Eloquent
import Logging
import Glibc

/// Shared start-up steps of the commands: configuration (a bad value stops with one line), logging.
enum ConfigLoading {
    static func loadOrExit(dotEnvPath: String) throws -> Config {
        guard let config = load(dotEnvPath: dotEnvPath) else { throw ExitCode(78) }  // EX_CONFIG
        return config
    }

    /// The configuration, or nil after writing the one-line error to stderr.
    static func load(dotEnvPath: String) -> Config? {
        do {
            return try Config.load(environment: currentEnvironment(), dotEnvPath: dotEnvPath)
        } catch {
            var line = "eloquent-server: configuration error: \(error)\n"
            line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
            return nil
        }
    }

    static func bootstrapLogging(_ config: Config) -> Logger {
        LoggingSetup.bootstrap(level: config.logLevel, format: config.logFormat)
        var logger = Logger(label: "eloquent")
        logger.logLevel = config.logLevel
        return logger
    }

    static func currentEnvironment() -> [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let eq = text.firstIndex(of: "=") {
                result[String(text[..<eq])] = String(text[text.index(after: eq)...])
            }
            pointer += 1
        }
        return result
    }
}
