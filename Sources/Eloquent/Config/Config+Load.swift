import Basics
import Logging
import Glibc

extension Config {
    /// Loads the configuration from `environment` (normally the process environment) over the
    /// optional `.env` file at `dotEnvPath`: a variable in `environment` wins over the file.
    /// A missing file is fine; an unreadable or malformed one is an error. Unknown variables
    /// are ignored; a variable set to the empty string counts as unset.
    public static func load(environment: [String: String],
                            dotEnvPath: String? = ".env") throws(ConfigError) -> Config {
        try load(environment: environment, dotEnvPath: dotEnvPath, activeCores: ProcessorCount.online)
    }

    /// As `load(environment:dotEnvPath:)`, with the number of active cores given (for tests).
    public static func load(environment: [String: String], dotEnvPath: String?,
                            activeCores: Int) throws(ConfigError) -> Config {
        var merged: [String: String] = [:]
        if let dotEnvPath, let bytes = try DotEnvFile.read(path: dotEnvPath) {
            merged = try DotEnvParser.parse(bytes, path: dotEnvPath)
        }
        for (name, value) in environment where !value.trimmingWhitespace(lineBreaks: true).isEmpty {
            merged[name] = value
        }
        let config = try Config(EnvironmentReader(merged), activeCores: activeCores)
        try config.checkConsistency()
        return config
    }

    private init(_ env: EnvironmentReader, activeCores: Int) throws(ConfigError) {
        let count = 1...Int(Int32.max)
        let d = ConfigDefaults.self
        host = try env.parse("HOST", expected: "an IP address or a host name") { text in
            IPAddress(text) != nil || URLAuthority.isValidHostName(Substring(text)) ? text : nil
        } ?? d.host
        port = try env.integer("PORT", default: d.port, range: 0...65535)
        eventLoops = try env.integer("EVENT_LOOPS", default: d.eventLoops(activeCores: activeCores), range: 1...1024)
        headerTimeout = try env.duration("HEADER_TIMEOUT", default: d.headerTimeout)
        readTimeout = try env.duration("READ_TIMEOUT", default: d.readTimeout)
        writeTimeout = try env.duration("WRITE_TIMEOUT", default: d.writeTimeout)
        idleTimeout = try env.duration("IDLE_TIMEOUT", default: d.idleTimeout)
        maxHeaderBytes = try env.size("MAX_HEADER_BYTES", default: d.maxHeaderBytes, range: 1 << 10...64 << 20)
        maxBodyBytes = try env.size("MAX_BODY_BYTES", default: d.maxBodyBytes, range: 1...Int.max)
        maxConnections = try env.integer("MAX_CONNECTIONS", default: d.maxConnections, range: count)
        maxConcurrentRequests = try env.integer("MAX_CONCURRENT_REQUESTS", default: d.maxConcurrentRequests, range: count)
        http2MaxConcurrentStreams = try env.integer("HTTP2_MAX_CONCURRENT_STREAMS", default: d.http2MaxConcurrentStreams,
                                                    range: 1...Int(Int32.max))
        tlsCertFile = try env.parse("TLS_CERT_FILE", expected: "a file path without control characters", Self.filePath)
        tlsKeyFile = try env.parse("TLS_KEY_FILE", expected: "a file path without control characters", Self.filePath)
        workerPoolSize = try env.integer("WORKER_POOL_SIZE", default: d.workerPoolSize(activeCores: activeCores),
                                         range: 1...1024)
        jobQueueSize = try env.integer("JOB_QUEUE_SIZE", default: d.jobQueueSize, range: count)
        jobTimeout = try env.duration("JOB_TIMEOUT", default: d.jobTimeout)
        maxIdleConns = try env.integer("MAX_IDLE_CONNS", default: d.maxIdleConns, range: 0...Int(Int32.max))
        maxIdleConnsPerHost = try env.integer("MAX_IDLE_CONNS_PER_HOST", default: d.maxIdleConnsPerHost,
                                              range: 0...Int(Int32.max))
        maxConnsPerHost = try env.integer("MAX_CONNS_PER_HOST", default: d.maxConnsPerHost, range: 0...Int(Int32.max))
        uploadMemoryLimit = try env.size("UPLOAD_MEMORY_LIMIT", default: d.uploadMemoryLimit(physicalBytes: PhysicalMemory.bytes), range: (1 << 20)...Int.max)
        uploadMinRate = try env.size("UPLOAD_MIN_RATE", default: d.uploadMinRate, range: 0...(1 << 30))
        idleConnTimeout = try env.duration("IDLE_CONN_TIMEOUT", default: d.idleConnTimeout)
        requestTimeout = try env.duration("REQUEST_TIMEOUT", default: d.requestTimeout)
        groqTimeout = try env.duration("GROQ_TIMEOUT", default: d.groqTimeout)
        supabaseTimeout = try env.duration("SUPABASE_TIMEOUT", default: d.supabaseTimeout)
        stripeTimeout = try env.duration("STRIPE_TIMEOUT", default: d.stripeTimeout)
        rateLimitWindow = try env.duration("RATE_LIMIT_WINDOW", default: d.rateLimitWindow)
        rateLimitRequests = try env.integer("RATE_LIMIT_REQUESTS", default: d.rateLimitRequests, range: count)
        trustedProxies = try env.trustedProxies("TRUSTED_PROXIES", default: d.trustedProxies)
        tokenCacheTTL = try env.duration("TOKEN_CACHE_TTL", default: d.tokenCacheTTL, allowZero: true)
        userCacheTTL = try env.duration("USER_CACHE_TTL", default: d.userCacheTTL, allowZero: true)
        responseCacheTTL = try env.duration("RESPONSE_CACHE_TTL", default: d.responseCacheTTL, allowZero: true)
        transcriptionCacheTTL = try env.duration("TRANSCRIPTION_CACHE_TTL", default: d.transcriptionCacheTTL,
                                                 allowZero: true)
        corsOrigins = try env.corsOrigins("CORS_ORIGINS")
        gzipLevel = try env.integer("GZIP_LEVEL", default: d.gzipLevel, range: 1...9)
        gzipMinBytes = try env.size("GZIP_MIN_BYTES", default: d.gzipMinBytes, range: 0...Int.max)
        dataDir = try env.parse("DATA_DIR", expected: "a directory path without control characters") { text in
            text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F } ? text : nil
        } ?? d.dataDir
        databaseURL = try env.parse("DATABASE_URL", expected: "a postgres:// or postgresql:// URL", secret: true) {
            Self.hasScheme($0, ["postgres", "postgresql"]) ? Secret($0) : nil
        }
        redisURL = try env.parse("REDIS_URL", expected: "a redis:// or rediss:// URL", secret: true) {
            Self.hasScheme($0, ["redis", "rediss"]) ? Secret($0) : nil
        }
        supabaseURL = try env.url("SUPABASE_URL")
        supabaseAnonKey = try env.secret("SUPABASE_ANON_KEY")
        supabaseServiceKey = try env.secret("SUPABASE_SERVICE_KEY")
        supabaseJWTSecret = try env.secret("SUPABASE_JWT_SECRET")
        groqAPIKey = try env.secret("GROQ_API_KEY")
        transcriptionProvider = try env.choice("TRANSCRIPTION_PROVIDER") ?? (groqAPIKey == nil ? .local : .groq)
        groqBaseURL = try env.url("GROQ_BASE_URL", default: d.groqBaseURL)
        groqModel = try env.token("GROQ_MODEL") ?? d.groqModel
        openAIAPIKey = try env.secret("OPENAI_API_KEY")
        openAIBaseURL = try env.url("OPENAI_BASE_URL")
        localWhisperURL = try env.url("LOCAL_WHISPER_URL", default: d.localWhisperURL)
        rewriteModel = try env.token("REWRITE_MODEL") ?? d.rewriteModel
        stripeSecretKey = try env.secret("STRIPE_SECRET_KEY")
        stripeWebhookSecret = try env.secret("STRIPE_WEBHOOK_SECRET")
        stripeAPIBase = try env.url("STRIPE_API_BASE", default: d.stripeAPIBase)
        stripePrices = try env.stripePrices()
        appURL = try env.url("APP_URL", default: d.appURL)
        adminEmails = try env.emails("ADMIN_EMAILS")
        logLevel = try env.parse("LOG_LEVEL", expected: "one of trace, debug, info, notice, warning, error, critical") {
            let name = $0.lowercased()
            return Logger.Level(rawValue: name == "warn" ? "warning" : name)
        } ?? .info
        logFormat = try env.choice("LOG_FORMAT") ?? .json
        slowRequestThreshold = try env.duration("SLOW_REQUEST_THRESHOLD", default: d.slowRequestThreshold)
        shutdownTimeout = try env.duration("SHUTDOWN_TIMEOUT", default: d.shutdownTimeout)
        reusePort = try env.parse("REUSE_PORT", expected: "true or false") { text in
            switch text.lowercased() {
            case "true": true
            case "false": false
            default: nil
            }
        } ?? d.reusePort
        shutdownDelay = try env.duration("SHUTDOWN_DELAY", default: d.shutdownDelay, allowZero: true)
    }

    /// `scheme://` followed by at least one character, scheme compared case-insensitively.
    private static func hasScheme(_ text: String, _ schemes: [String]) -> Bool {
        guard let separator = text.firstRange(of: "://"), separator.upperBound < text.endIndex,
              EnvironmentReader.isToken(text, maximumLength: 4096) else { return false }
        return schemes.contains(text[..<separator.lowerBound].lowercased())
    }

    private static func filePath(_ text: String) -> String? {
        text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F } ? text : nil
    }
}

/// The number of processors currently online.
enum ProcessorCount {
    /// `sysconf(_SC_NPROCESSORS_ONLN)`, or 1 when the system cannot tell (it returns -1).
    static var online: Int {
        let count = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return count >= 1 ? count : 1
    }
}

/// The machine's physical memory.
enum PhysicalMemory {
    /// `_SC_PHYS_PAGES × _SC_PAGESIZE` in bytes, 0 when the system cannot tell.
    static var bytes: Int {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), pageSize = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, pageSize > 0 else { return 0 }
        return pages.multipliedReportingOverflow(by: pageSize).partialValue
    }
}
