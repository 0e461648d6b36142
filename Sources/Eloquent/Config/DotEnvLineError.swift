/// Why one `.env` line is malformed (wrapped into `ConfigError.malformedDotEnv`).
struct DotEnvLineError: Error {
    let reason: String
}
