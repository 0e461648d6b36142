@testable import Basics
@testable import Billing
@testable import RateLimit
import Eloquent
import Logging
import Testing

/// Each variable's accepted forms.
@Suite struct ConfigVariableTests {
    @Test func listenerAndLoops() throws {
        let config = try loadConfig(["HOST": "127.0.0.1", "PORT": "0", "EVENT_LOOPS": "3"])
        #expect(config.host == "127.0.0.1" && config.port == 0 && config.eventLoops == 3)
        #expect(try loadConfig(["HOST": "::1", "PORT": "65535"]).port == 65535)
        #expect(try loadConfig(["HOST": "localhost"]).host == "localhost")
        #expect(try loadConfig(["PORT": " 8080 "]).port == 8080)
    }

    @Test func timeouts() throws {
        let config = try loadConfig([
            "HEADER_TIMEOUT": "5s", "READ_TIMEOUT": "500ms", "WRITE_TIMEOUT": "2m", "IDLE_TIMEOUT": "1h30m",
            "JOB_TIMEOUT": "90", "IDLE_CONN_TIMEOUT": "1.5m", "REQUEST_TIMEOUT": "10s", "GROQ_TIMEOUT": "2m",
            "SUPABASE_TIMEOUT": "3s", "STRIPE_TIMEOUT": "4s", "RATE_LIMIT_WINDOW": "1m",
            "SLOW_REQUEST_THRESHOLD": "250ms", "SHUTDOWN_TIMEOUT": "10s",
        ])
        #expect(config.headerTimeout == .seconds(5))
        #expect(config.readTimeout == .milliseconds(500))
        #expect(config.writeTimeout == .seconds(120))
        #expect(config.idleTimeout == .seconds(5400))
        #expect(config.jobTimeout == .seconds(90))
        #expect(config.idleConnTimeout == .seconds(90))
        #expect(config.requestTimeout == .seconds(10))
        #expect(config.groqTimeout == .seconds(120))
        #expect(config.supabaseTimeout == .seconds(3))
        #expect(config.stripeTimeout == .seconds(4))
        #expect(config.rateLimitWindow == .seconds(60))
        #expect(config.slowRequestThreshold == .milliseconds(250))
        #expect(config.shutdownTimeout == .seconds(10))
    }

    @Test func cacheTTLsAcceptZero() throws {
        let config = try loadConfig([
            "TOKEN_CACHE_TTL": "0", "USER_CACHE_TTL": "0s", "RESPONSE_CACHE_TTL": "30s", "TRANSCRIPTION_CACHE_TTL": "1h",
        ])
        #expect(config.tokenCacheTTL == .zero && config.userCacheTTL == .zero)
        #expect(config.responseCacheTTL == .seconds(30) && config.transcriptionCacheTTL == .seconds(3600))
    }

    @Test func sizesAndCounts() throws {
        let config = try loadConfig([
            "MAX_HEADER_BYTES": "64KiB", "MAX_BODY_BYTES": "100MB", "GZIP_MIN_BYTES": "0",
            "MAX_CONNECTIONS": "1", "MAX_CONCURRENT_REQUESTS": "2000", "WORKER_POOL_SIZE": "16",
            "JOB_QUEUE_SIZE": "5", "MAX_IDLE_CONNS": "0", "MAX_IDLE_CONNS_PER_HOST": "0",
            "RATE_LIMIT_REQUESTS": "1000", "GZIP_LEVEL": "9", "MAX_CONNS_PER_HOST": "64", "UPLOAD_MIN_RATE": "2KiB", "UPLOAD_MEMORY_LIMIT": "3GiB",
        ])
        #expect(config.maxConnsPerHost == 64 && config.uploadMinRate == 2048 && config.uploadMemoryLimit == 3 << 30)
        #expect(try loadConfig([:]).uploadMemoryLimit >= 64 << 20)
        #expect(ConfigDefaults.uploadMemoryLimit(physicalBytes: 16 << 30) == 4 << 30)
        #expect(ConfigDefaults.uploadMemoryLimit(physicalBytes: 128 << 20) == 64 << 20)
        #expect(try loadConfig([:]).maxConnsPerHost == 0 && loadConfig([:]).uploadMinRate == 1024)
        #expect(config.maxHeaderBytes == 65536)
        #expect(config.maxBodyBytes == 100_000_000)
        #expect(config.gzipMinBytes == 0)
        #expect(config.maxConnections == 1 && config.maxConcurrentRequests == 2000)
        #expect(config.workerPoolSize == 16 && config.jobQueueSize == 5)
        #expect(config.maxIdleConns == 0 && config.maxIdleConnsPerHost == 0)
        #expect(config.rateLimitRequests == 1000 && config.gzipLevel == 9)
        #expect(try loadConfig(["GZIP_LEVEL": "1"]).gzipLevel == 1)
    }

    @Test func trustedProxies() throws {
        let config = try loadConfig(["TRUSTED_PROXIES": "10.0.0.0/8, 192.168.1.7 ,fd00::/8,"])
        #expect(config.trustedProxies.map(\.description) == ["10.0.0.0/8", "192.168.1.7/32", "fd00::/8"])
        #expect(config.trustedProxies[0].contains("10.1.2.3"))
        #expect(try loadConfig(["TRUSTED_PROXIES": "none"]).trustedProxies.isEmpty)
    }

    @Test func corsOrigins() throws {
        let config = try loadConfig(["CORS_ORIGINS": "https://App.Example.com, http://localhost:5173,https://app.example.com:443/"])
        #expect(config.corsOrigins == .list(["https://app.example.com", "http://localhost:5173"]))
        #expect(config.corsOrigins.allows("https://app.example.com"))
        #expect(!config.corsOrigins.allows("https://evil.example.com"))
        #expect(try loadConfig(["CORS_ORIGINS": "*"]).corsOrigins == .any)
    }

    @Test func storageAndIdentity() throws {
        let config = try loadConfig([
            "DATA_DIR": "/var/lib/eloquent", "DATABASE_URL": "postgresql://u:p@db:5432/eloquent?sslmode=require",
            "REDIS_URL": "rediss://:pw@cache:6380/0", "SUPABASE_URL": "https://abc.supabase.co",
            "SUPABASE_ANON_KEY": "anon", "SUPABASE_SERVICE_KEY": "service", "SUPABASE_JWT_SECRET": "jwt",
        ])
        #expect(config.dataDir == "/var/lib/eloquent")
        #expect(config.databaseURL?.value == "postgresql://u:p@db:5432/eloquent?sslmode=require")
        #expect(config.redisURL?.value == "rediss://:pw@cache:6380/0")
        #expect(config.supabaseURL?.host == "abc.supabase.co")
        #expect(config.supabaseAnonKey?.value == "anon" && config.supabaseServiceKey?.value == "service")
        #expect(config.supabaseJWTSecret?.value == "jwt")
    }

    @Test func transcriptionProviders() throws {
        let openai = try loadConfig([
            "TRANSCRIPTION_PROVIDER": "OpenAI", "OPENAI_BASE_URL": "https://api.openai.com/v1/", "OPENAI_API_KEY": "sk-1",
            "GROQ_API_KEY": "gsk", "GROQ_BASE_URL": "http://127.0.0.1:9000/v1", "GROQ_MODEL": "whisper-large-v3",
            "LOCAL_WHISPER_URL": "http://[::1]:8178/v1", "REWRITE_MODEL": "llama-3.1-8b-instant",
        ])
        #expect(openai.transcriptionProvider == .openai)
        #expect(openai.openAIBaseURL?.path == "/v1" && openai.openAIAPIKey?.value == "sk-1")
        #expect(openai.groqBaseURL.port == 9000 && openai.groqModel == "whisper-large-v3")
        #expect(openai.localWhisperURL.host == "[::1]" && openai.rewriteModel == "llama-3.1-8b-instant")
        #expect(try loadConfig(["TRANSCRIPTION_PROVIDER": "local", "GROQ_API_KEY": "k"]).transcriptionProvider == .local)
    }

    @Test func billing() throws {
        let config = try loadConfig([
            "STRIPE_SECRET_KEY": "sk_test_1", "STRIPE_WEBHOOK_SECRET": "whsec_1", "STRIPE_API_BASE": "http://127.0.0.1:12111",
            "STRIPE_PRICE_STARTER": "price_s", "STRIPE_PRICE_PRO_YEARLY": "price_py",
            "STRIPE_PRICE_ENTERPRISE": "price_e", "APP_URL": "https://eloquent.app",
        ])
        #expect(config.billingEnabled)
        #expect(config.stripeAPIBase.origin == "http://127.0.0.1:12111")
        #expect(config.stripePrice(for: .starter, interval: .monthly) == "price_s")
        #expect(config.stripePrice(for: .pro, interval: .yearly) == "price_py")
        #expect(config.stripePrice(for: .pro, interval: .monthly) == nil)
        #expect(config.stripePrices.count == 3)
        #expect(config.priceKey(forPriceID: "price_e") == Config.PriceKey(plan: .enterprise, interval: .monthly))
        #expect(config.appURL.origin == "https://eloquent.app")
    }

    @Test func operations() throws {
        let config = try loadConfig(["ADMIN_EMAILS": " Boss@Example.com,ops@example.com, ", "LOG_LEVEL": "WARN",
                                     "LOG_FORMAT": "Text"])
        #expect(config.adminEmails == ["boss@example.com", "ops@example.com"])
        #expect(config.isAdminEmail("BOSS@example.COM") && !config.isAdminEmail("intruder@example.com"))
        #expect(config.logLevel == .warning && config.logFormat == .text)
        for level in Logger.Level.allCases {
            #expect(try loadConfig(["LOG_LEVEL": level.rawValue]).logLevel == level)
        }
    }

    @Test func unknownVariablesAreIgnored() throws {
        let config = try loadConfig(["PATH": "/usr/bin", "STRIPE_PRICE_FREE": "price_x", "PORT_NUMBER": "abc"])
        #expect(config.port == 3000 && config.stripePrices.isEmpty)
    }
}
