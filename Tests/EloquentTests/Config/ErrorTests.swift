import Eloquent
import Testing

/// Each kind of bad value stops loading with one line naming the variable, what it accepts
/// and what it got.
@Suite struct ConfigErrorTests {
    static let badValues: [(variable: String, value: String, expected: String, got: String)] = [
        ("PORT", "abc", "an integer 0…65535", "\"abc\""),
        ("PORT", "65536", "an integer 0…65535", "\"65536\""),
        ("PORT", "-1", "an integer 0…65535", "\"-1\""),
        ("PORT", "+80", "an integer 0…65535", "\"+80\""),
        ("PORT", "80.0", "an integer 0…65535", "\"80.0\""),
        ("PORT", "99999999999999999999999", "an integer 0…65535", "\"99999999999999999999999\""),
        ("EVENT_LOOPS", "0", "an integer 1…1024", "\"0\""),
        ("HOST", "bad host!", "an IP address or a host name", "\"bad host!\""),
        ("HOST", "999.1.1.1", "an IP address or a host name", "\"999.1.1.1\""),
        ("HEADER_TIMEOUT", "0", "a duration greater than 0", "\"0\""),
        ("READ_TIMEOUT", "-5s", "a duration greater than 0", "\"-5s\""),
        ("WRITE_TIMEOUT", "15x", "a duration greater than 0", "\"15x\""),
        ("IDLE_TIMEOUT", "ms", "a duration greater than 0", "\"ms\""),
        ("JOB_TIMEOUT", "1.5", "a duration greater than 0", "\"1.5\""),
        ("GROQ_TIMEOUT", "9999999999999h", "a duration greater than 0", "\"9999999999999h\""),
        ("SUPABASE_TIMEOUT", "0s", "a duration greater than 0", "\"0s\""),
        ("STRIPE_TIMEOUT", "1 s", "a duration greater than 0", "\"1 s\""),
        ("IDLE_CONN_TIMEOUT", "1d", "a duration greater than 0", "\"1d\""),
        ("REQUEST_TIMEOUT", "45S", "a duration greater than 0", "\"45S\""),
        ("RATE_LIMIT_WINDOW", "15min", "a duration greater than 0", "\"15min\""),
        ("SLOW_REQUEST_THRESHOLD", "fast", "a duration greater than 0", "\"fast\""),
        ("SHUTDOWN_TIMEOUT", "0ms", "a duration greater than 0", "\"0ms\""),
        ("TOKEN_CACHE_TTL", "-1s", "a duration such as 0s", "\"-1s\""),
        ("USER_CACHE_TTL", "5 minutes", "a duration such as 0s", "\"5 minutes\""),
        ("RESPONSE_CACHE_TTL", "s", "a duration such as 0s", "\"s\""),
        ("TRANSCRIPTION_CACHE_TTL", "1e3s", "a duration such as 0s", "\"1e3s\""),
        ("MAX_HEADER_BYTES", "512", "a size from 1KiB to 64MiB", "\"512\""),
        ("MAX_HEADER_BYTES", "1GiB", "a size from 1KiB to 64MiB", "\"1GiB\""),
        ("MAX_BODY_BYTES", "0", "a size of at least 1 byte", "\"0\""),
        ("MAX_BODY_BYTES", "25 MiBs", "a size of at least 1 byte", "\"25 MiBs\""),
        ("MAX_BODY_BYTES", "99999999999G", "a size of at least 1 byte", "\"99999999999G\""),
        ("GZIP_MIN_BYTES", "-1", "a size of at least 0 bytes", "\"-1\""),
        ("MAX_CONNECTIONS", "0", "an integer 1…2147483647", "\"0\""),
        ("MAX_CONCURRENT_REQUESTS", "lots", "an integer 1…2147483647", "\"lots\""),
        ("WORKER_POOL_SIZE", "0", "an integer 1…1024", "\"0\""),
        ("JOB_QUEUE_SIZE", "0", "an integer 1…2147483647", "\"0\""),
        ("MAX_IDLE_CONNS", "-1", "an integer 0…2147483647", "\"-1\""),
        ("MAX_IDLE_CONNS_PER_HOST", "1e3", "an integer 0…2147483647", "\"1e3\""),
        ("MAX_CONNS_PER_HOST", "-2", "an integer 0…2147483647", "\"-2\""),
        ("UPLOAD_MEMORY_LIMIT", "1KiB", "a size of at least 1MiB", "\"1KiB\""),
        ("UPLOAD_MIN_RATE", "fast", "a size from 0 bytes to 1GiB", "\"fast\""),
        ("RATE_LIMIT_REQUESTS", "0", "an integer 1…2147483647", "\"0\""),
        ("GZIP_LEVEL", "0", "an integer 1…9", "\"0\""),
        ("GZIP_LEVEL", "10", "an integer 1…9", "\"10\""),
        ("TRUSTED_PROXIES", "10.0.0.0/33", "a comma-separated list of IPv4/IPv6 addresses or CIDRs", "\"10.0.0.0/33\""),
        ("TRUSTED_PROXIES", "10.0.0.0/8, garbage", "a comma-separated list of IPv4/IPv6 addresses or CIDRs", "\"garbage\""),
        ("TRUSTED_PROXIES", ",,", "a comma-separated list of IPv4/IPv6 addresses or CIDRs", "\",,\""),
        ("CORS_ORIGINS", "https://a.com,*", "\"*\" alone, or a comma-separated list of origins", "\"*\""),
        ("CORS_ORIGINS", "app.example.com", "\"*\" alone, or a comma-separated list of origins", "\"app.example.com\""),
        ("CORS_ORIGINS", "https://a.com/path", "\"*\" alone, or a comma-separated list of origins", "\"https://a.com/path\""),
        ("DATA_DIR", "a\u{1}b", "a directory path without control characters", "\"a\\u{1}b\""),
        ("SUPABASE_URL", "ftp://x.com", "an http(s)://host[:port][/path] URL", "\"ftp://x.com\""),
        ("GROQ_BASE_URL", "https://api.groq.com/v1?x=1", "an http(s)://host[:port][/path] URL", "\"https://api.groq.com/v1?x=1\""),
        ("OPENAI_BASE_URL", "https://user:pw@host", "an http(s)://host[:port][/path] URL", "\"https://user:pw@host\""),
        ("LOCAL_WHISPER_URL", "http://", "an http(s)://host[:port][/path] URL", "\"http://\""),
        ("STRIPE_API_BASE", "https://api.stripe.com:0", "an http(s)://host[:port][/path] URL", "\"https://api.stripe.com:0\""),
        ("APP_URL", "localhost:3000", "an http(s)://host[:port][/path] URL", "\"localhost:3000\""),
        ("TRANSCRIPTION_PROVIDER", "whisper", "one of groq, openai, local", "\"whisper\""),
        ("GROQ_MODEL", "two words", "printable ASCII without spaces", "\"two words\""),
        ("REWRITE_MODEL", "modèle", "printable ASCII without spaces", "\"modèle\""),
        ("STRIPE_PRICE_PRO_YEARLY", "price one", "printable ASCII without spaces", "\"price one\""),
        ("ADMIN_EMAILS", "boss@example.com,notanemail", "a comma-separated list of email addresses", "\"notanemail\""),
        ("ADMIN_EMAILS", "a@@b", "a comma-separated list of email addresses", "\"a@@b\""),
        ("LOG_LEVEL", "verbose", "one of trace, debug, info, notice, warning, error, critical", "\"verbose\""),
        ("LOG_FORMAT", "xml", "one of json, text", "\"xml\""),
    ]

    @Test(arguments: badValues)
    func badValueNamesVariableExpectationAndValue(
        _ bad: (variable: String, value: String, expected: String, got: String)
    ) {
        let error = configError([bad.variable: bad.value])
        #expect(error?.variable == bad.variable)
        let line = error?.description ?? ""
        #expect(line.hasPrefix("\(bad.variable): expected \(bad.expected)"), "\(line)")
        #expect(line.hasSuffix(", got \(bad.got)"), "\(line)")
        #expect(!line.contains("\n") && !line.contains("\r"))
    }

    @Test func theBriefsExampleMessage() {
        #expect(configError(["PORT": "abc"])?.description == #"PORT: expected an integer 0…65535, got "abc""#)
    }

    @Test(arguments: [
        ("GROQ_API_KEY", "gsk key with spaces"), ("OPENAI_API_KEY", "sk-\u{7}bell"), ("STRIPE_SECRET_KEY", "sk_live\nX"),
        ("SUPABASE_SERVICE_KEY", "é-secret"), ("DATABASE_URL", "mysql://root:hunter2@db/x"),
        ("REDIS_URL", "hunter2@localhost:6379"),
    ])
    func badSecretsAreNeverEchoed(variable: String, value: String) {
        let line = configError([variable: value])?.description ?? ""
        #expect(line.hasPrefix("\(variable): expected "))
        #expect(line.hasSuffix("got a hidden value of \(value.count) characters"), "\(line)")
        #expect(!line.contains("hunter2") && !line.contains("secret") && !line.contains("gsk") && !line.contains("bell"))
    }

    @Test func hostileValuesStayOnOneLine() {
        let line = configError(["PORT": "1\n2\r\"\\\u{1B}[31m\u{2028}"])?.description ?? ""
        #expect(line == #"PORT: expected an integer 0…65535, got "1\n2\r\"\\\u{1b}[31m\u{2028}""#)
        let long = configError(["GROQ_MODEL": String(repeating: "x", count: 300)])?.description ?? ""
        #expect(long.hasSuffix(#"got ""# + String(repeating: "x", count: 80) + #"…""#))
    }

    @Test func providerRequirements() {
        #expect(configError(["TRANSCRIPTION_PROVIDER": "groq"])?.description
            == "TRANSCRIPTION_PROVIDER: groq requires GROQ_API_KEY, which is not set")
        #expect(configError(["TRANSCRIPTION_PROVIDER": "openai", "OPENAI_API_KEY": "sk"])?.description
            == "TRANSCRIPTION_PROVIDER: openai requires OPENAI_BASE_URL, which is not set")
    }

    @Test func sharedDatabaseNeedsSharedTokenSecret() {
        let refused = configError(["DATABASE_URL": "postgres://u:pw@db/x"])
        #expect(refused?.variable == "DATABASE_URL")
        #expect(refused?.description.contains("SUPABASE_JWT_SECRET") == true)
        #expect(configError(["DATABASE_URL": "postgres://u:pw@db/x", "SUPABASE_JWT_SECRET": "s"]) == nil)
        #expect(configError(["DATABASE_URL": "postgres://u:pw@db/x", "SUPABASE_URL": "https://abc.supabase.co"]) == nil)
    }

    @Test func billingMustBeConfiguredWhole() {
        #expect(configError(["STRIPE_SECRET_KEY": "sk_test"])?.variable == "STRIPE_WEBHOOK_SECRET")
        #expect(configError(["STRIPE_WEBHOOK_SECRET": "whsec"])?.variable == "STRIPE_SECRET_KEY")
        let duplicate = configError(["STRIPE_PRICE_PRO": "price_1", "STRIPE_PRICE_STARTER": "price_1"])
        #expect(duplicate?.description == #"STRIPE_PRICE_STARTER: the price id "price_1" is also STRIPE_PRICE_PRO"#)
    }
}
