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
        let code = Serve.run(envFile: envFile)
        if code != 0 { throw ExitCode(code) }
    }

    /// Serves until shut down; the process's exit status.
    static func run(envFile: String) -> Int32 {
        guard let config = ConfigLoading.load(dotEnvPath: envFile) else { return 78 }  // EX_CONFIG
        let logger = ConfigLoading.bootstrapLogging(config)
        let application: Application
        do {
            application = try Application.makeBlocking(config: config, logger: logger)
        } catch {
            logger.critical("could not start", metadata: ["error": "\(error)"])
            return 1
        }
        return application.serve()
    }

    /// The `.env` path when the arguments are those of a plain `serve` (none; `serve`; either with
    /// `--env-file <path>` or `--env-file=<path>`), else nil: everything else, `--help` and errors included, goes
    /// through swift-argument-parser. Serving this way skips its reflection over the command types, whose code
    /// and metadata would otherwise stay resident for the life of the server (issue 9: idle RSS).
    static func plainServeEnvFile(_ arguments: ArraySlice<String>) -> String? {
        var rest = arguments
        if rest.first == "serve" { rest = rest.dropFirst() }
        if rest.isEmpty { return ".env" }
        var path: String
        if rest.count == 2, rest.first == "--env-file" {
            path = rest[rest.index(after: rest.startIndex)]
        } else if rest.count == 1, let only = rest.first, only.hasPrefix("--env-file=") {
            path = String(only.dropFirst("--env-file=".count))
        } else {
            return nil
        }
        if path.isEmpty || path.hasPrefix("-") { return nil }
        return path
    }
}

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the version.")
    func run() {
        print("\(EloquentVersion.serviceName) \(EloquentVersion.current)")
    }
}

if let envFile = Serve.plainServeEnvFile(CommandLine.arguments.dropFirst()) {
    exit(Serve.run(envFile: envFile))
}
EloquentServer.main()
