import ArgumentParser
import Eloquent
import Glibc
import Logging

/// `eloquent-server [serve|version|…]`; `serve` is the default.
struct EloquentServer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eloquent-server",
        abstract: "The Eloquent transcription server.",
        subcommands: [Serve.self, Token.self, Migrate.self, Version.self],
        defaultSubcommand: Serve.self
    )
}

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the HTTP server (configured by the environment and an optional .env file)."
    )

    @Option(name: .customLong("env-file"), help: "The .env file to read, if present.")
    var envFile = ".env"

    func run() throws {
        let config = try ConfigLoading.loadOrExit(dotEnvPath: envFile)
        let logger = ConfigLoading.bootstrapLogging(config)
        let application: Application
        do {
            application = try Application.makeBlocking(config: config, logger: logger)
        } catch {
            logger.critical("could not start", metadata: ["error": "\(error)"])
            throw ExitCode(1)
        }
        let code = application.serve()
        if code != 0 { throw ExitCode(code) }
    }
}

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the version.")
    func run() {
        print("\(EloquentVersion.serviceName) \(EloquentVersion.current)")
    }
}

EloquentServer.main()
