import Identity
import ArgumentParser
import Eloquent

/// `eloquent-server token --sub <uuid> --email <addr> [--ttl s] [--role r]`: prints a token this server accepts.
struct Token: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a user access token signed with this server's secret (SUPABASE_JWT_SECRET or the local one in DATA_DIR)."
    )

    @Option(help: "The user id (the token's `sub`).") var sub: String
    @Option(help: "The user's email address.") var email: String
    @Option(help: "Lifetime in seconds.") var ttl: Int = 3600
    @Option(help: "The token's role claim (`authenticated` for ordinary users).") var role: String = "authenticated"
    @Option(name: .customLong("env-file"), help: "The .env file to read, if present.") var envFile = ".env"

    func run() throws {
        let config = try ConfigLoading.loadOrExit(dotEnvPath: envFile)
        do {
            let token = try TokenMinter.mint(sub: sub, email: email, role: role, ttl: ttl,
                                             secret: IdentitySetup.secret(for: config),
                                             issuer: IdentitySetup.issuer(for: config))
            print(token)
        } catch {
            throw ValidationError("\(error)")
        }
    }
}
