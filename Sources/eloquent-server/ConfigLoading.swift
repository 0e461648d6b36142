import ArgumentParser
import Eloquent
import Logging
import Glibc

/// Shared start-up steps of the commands: configuration (a bad value stops with one line), logging.
enum ConfigLoading {
    static func loadOrExit(dotEnvPath: String) throws -> Config {
        do {
            return try Config.load(environment: currentEnvironment(), dotEnvPath: dotEnvPath)
        } catch {
            var line = "eloquent-server: configuration error: \(error)\n"
            line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
            throw ExitCode(78)  // EX_CONFIG
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
