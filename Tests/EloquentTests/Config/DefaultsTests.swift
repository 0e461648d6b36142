@testable import Basics
import Eloquent
import Glibc
import Logging
import Testing

@Suite struct ConfigDefaultsTests {
    @Test func emptyEnvironmentGivesSpecDefaults() throws {
        let config = try loadConfig([:], cores: 4)
        #expect(config.host == "0.0.0.0")
        #expect(config.port == 3000)
        #expect(config.eventLoops == 4)
        #expect(config.headerTimeout == .seconds(15))
        #expect(config.readTimeout == .seconds(15))
        #expect(config.writeTimeout == .seconds(15))
        #expect(config.idleTimeout == .seconds(60))
        #expect(config.maxHeaderBytes == 1_048_576)
        #expect(config.maxBodyBytes == 26_214_400)
        #expect(config.maxConnections == 10_000)
        #expect(config.maxConcurrentRequests == 512)
        #expect(config.workerPoolSize == 4)
        #expect(config.jobQueueSize == 100)
        #expect(config.jobTimeout == .seconds(40))
        #expect(config.maxIdleConns == 100)
        #expect(config.maxIdleConnsPerHost == 10)
        #expect(config.idleConnTimeout == .seconds(90))
        #expect(config.requestTimeout == .seconds(45))
        #expect(config.groqTimeout == .seconds(45))
        #expect(config.supabaseTimeout == .seconds(30))
        #expect(config.stripeTimeout == .seconds(30))
        #expect(config.rateLimitWindow == .seconds(900))
        #expect(config.rateLimitRequests == 100)
        #expect(config.trustedProxies.map(\.description) == ["127.0.0.0/8", "::1/128"])
        #expect(config.tokenCacheTTL == .seconds(300))
        #expect(config.userCacheTTL == .seconds(300))
        #expect(config.responseCacheTTL == .seconds(60))
        #expect(config.transcriptionCacheTTL == .seconds(600))
        #expect(config.corsOrigins == .any)
        #expect(config.gzipLevel == ConfigDefaults.gzipLevel)
        #expect(config.gzipMinBytes == 1024)
        #expect(config.dataDir == "./data")
        #expect(config.databaseURL == nil)
        #expect(config.redisURL == nil)
        #expect(config.supabaseURL == nil)
        #expect(config.supabaseAnonKey == nil && config.supabaseServiceKey == nil && config.supabaseJWTSecret == nil)
        #expect(config.transcriptionProvider == .local)
        #expect(config.groqAPIKey == nil)
        #expect(config.groqBaseURL.description == "https://api.groq.com/openai/v1")
        #expect(config.groqModel == "whisper-large-v3-turbo")
        #expect(config.openAIAPIKey == nil && config.openAIBaseURL == nil)
        #expect(config.localWhisperURL.description == "http://127.0.0.1:8178/v1")
        #expect(config.rewriteModel == "llama-3.3-70b-versatile")
        #expect(config.stripeSecretKey == nil && config.stripeWebhookSecret == nil)
        #expect(!config.billingEnabled)
        #expect(config.stripeAPIBase.description == "https://api.stripe.com")
        #expect(config.stripePrices.isEmpty)
        #expect(config.appURL.description == "http://localhost:3000")
        #expect(config.adminEmails.isEmpty)
        #expect(config.logLevel == .info)
        #expect(config.logFormat == .json)
        #expect(config.slowRequestThreshold == .seconds(1))
        #expect(config.shutdownTimeout == .seconds(30))
    }

    @Test(arguments: [(1, 2), (2, 2), (3, 3), (8, 8), (64, 8)])
    func workerPoolDefaultIsCoresClampedToTwoThroughEight(cores: Int, workers: Int) throws {
        let config = try loadConfig([:], cores: cores)
        #expect(config.workerPoolSize == workers)
        #expect(config.eventLoops == cores)
    }

    @Test func publicLoadUsesOnlineProcessorCount() throws {
        let config = try Config.load(environment: [:], dotEnvPath: nil)
        #expect(config.eventLoops == max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #expect(config.eventLoops >= 1)
    }

    @Test func groqIsTheDefaultProviderWhenItsKeyIsSet() throws {
        let config = try loadConfig(["GROQ_API_KEY": "gsk_abc"])
        #expect(config.transcriptionProvider == .groq)
        #expect(config.groqAPIKey?.value == "gsk_abc")
    }

    @Test func blankValuesCountAsUnset() throws {
        let config = try loadConfig(["PORT": "", "LOG_LEVEL": "   ", "CORS_ORIGINS": "\t"])
        #expect(config.port == 3000)
        #expect(config.logLevel == .info)
        #expect(config.corsOrigins == .any)
    }

    @Test func secretsNeverPrint() throws {
        let config = try loadConfig(["GROQ_API_KEY": "gsk_supersecret", "DATABASE_URL": "postgres://u:pw@db/x",
                                     "SUPABASE_JWT_SECRET": "jwt-secret"])
        let printed = "\(config) \(String(reflecting: config))"
        var dumped = ""
        dump(config, to: &dumped)
        #expect(!printed.contains("supersecret") && !printed.contains("pw@db"))
        #expect(!dumped.contains("supersecret") && !dumped.contains("pw@db"))
        #expect(printed.contains("<redacted>"))
    }
}
