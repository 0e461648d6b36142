import Basics
import Transcription
import WorkerPool
import UVCore
import Upstream
import Logging
import Storage
import Dispatch
import Synchronization

/// The long-lived parts behind the routes that have their own threads or sockets: the upstream loop and pools, the
/// worker pool, the transcription pipeline. Built at start, shut down after the HTTP server has drained.
final class Services: Sendable {
    let upstreamLoop: EventLoop
    let pools: [UpstreamPool]
    let workers: WorkerPool
    let pipeline: TranscriptionPipeline
    /// The provider behind the pipeline (its chat endpoint for the gateway, its probe for `/ready`).
    let provider: OpenAICompatibleProvider
    let cache: TranscriptionCache
    let admission: AdmissionGate
    let uploadBudget: UploadMemoryBudget
    /// Gives the heap back after upload bursts, and on the periodic sweep.
    let trimmer: HeapTrimmer
    /// Supabase's admin API, when `SUPABASE_URL` and `SUPABASE_SERVICE_KEY` are set.
    let supabaseAdmin: SupabaseAdmin?
    /// The `supabase` pool (JWKS, admin API), when `SUPABASE_URL` is set.
    let supabasePool: UpstreamPool?
    /// The `stripe` pool, when `STRIPE_SECRET_KEY` is set.
    let stripePool: UpstreamPool?

    init(config: Config, logger: Logger) throws {
        upstreamLoop = try EventLoop(name: "eloquent-upstream")
        upstreamLoop.start()
        let providerKind = config.transcriptionProvider
        let (providerURL, key, timeout): (HTTPURL, Secret?, Duration) = switch providerKind {
        case .groq: (config.groqBaseURL, config.groqAPIKey, config.groqTimeout)
        case .openai: (config.openAIBaseURL ?? config.groqBaseURL, config.openAIAPIKey, config.requestTimeout)
        case .local: (config.localWhisperURL, nil, config.requestTimeout)
        }
        let pool = UpstreamPool(UpstreamPool.Configuration(
            name: providerKind.rawValue, maxIdleConnections: config.maxIdleConns, maxConnectionsPerHost: config.maxConnsPerHost,
                maxIdlePerHost: config.maxIdleConnsPerHost,
            idleTimeout: config.idleConnTimeout, requestTimeout: timeout), loop: upstreamLoop)
        if let supabaseURL = config.supabaseURL {
            let supabase = UpstreamPool(UpstreamPool.Configuration(
                name: "supabase", maxIdleConnections: config.maxIdleConns, maxConnectionsPerHost: config.maxConnsPerHost,
                maxIdlePerHost: config.maxIdleConnsPerHost,
                idleTimeout: config.idleConnTimeout, requestTimeout: config.supabaseTimeout), loop: upstreamLoop)
            supabasePool = supabase
            supabaseAdmin = config.supabaseServiceKey.map { SupabaseAdmin(baseURL: supabaseURL.base, serviceKey: $0.value, pool: supabase) }
        } else {
            supabasePool = nil
            supabaseAdmin = nil
        }
        stripePool = config.stripeSecretKey == nil ? nil : UpstreamPool(config.stripePoolConfiguration, loop: upstreamLoop)
        pools = [pool] + [supabasePool, stripePool].compactMap { $0 }
        workers = WorkerPool(workers: config.workerPoolSize, queueSize: config.jobQueueSize, jobTimeout: config.jobTimeout)
        cache = TranscriptionCache(ttl: config.transcriptionCacheTTL)
        admission = AdmissionGate(limit: config.maxConcurrentRequests)
        let trimmer = HeapTrimmer()
        self.trimmer = trimmer
        uploadBudget = UploadMemoryBudget(limit: config.uploadMemoryLimit) { trimmer.drained(peak: $0) }
        trimmer.watch(uploadBudget)
        let baseURL = providerURL.base
        provider = OpenAICompatibleProvider(
            name: providerKind.rawValue, baseURL: baseURL, apiKey: key?.value, defaultModel: config.groqModel,
            chatModel: config.rewriteModel, pool: pool, timeout: timeout)
        pipeline = TranscriptionPipeline(provider: provider, workers: workers, cache: cache, admission: admission,
                                         maxFileBytes: config.maxBodyBytes, uploadMinRate: config.uploadMinRate,
                                         budget: uploadBudget)
        logger.info("transcription provider", metadata: ["provider": "\(providerKind.rawValue)", "base_url": "\(baseURL)"])
    }

    /// After the HTTP server drained: stop the workers, abort what is left upstream, close the upstream loop.
    /// Returns true when the loop closed with no leaked handle.
    func shutdown() async -> Bool {
        await workers.drain()
        for pool in pools { await pool.shutdown() }
        upstreamLoop.stop()
        return upstreamLoop.join() == 0
    }
}

/// The `migrate` command's work: open the configured store (PostgreSQL with `DATABASE_URL`, else SQLite in `DATA_DIR`)
/// without migrating, apply what is pending, report.
public enum StoreMigration {
    public static func run(config: Config) async throws -> String {
        guard let url = config.databaseURL else { return try await run(dataDir: config.dataDir) }
        let store = try await PostgresStore.open(url: url.value, options: PostgresStoreOptions(poolSize: 1, migrateOnOpen: false))
        do {
            let report = try await store.migrate()
            let version = try await store.schemaVersion()
            try await store.close()
            return "PostgreSQL (DATABASE_URL): schema version \(version) (\(describe(report)))"
        } catch {
            try? await store.close()
            throw error
        }
    }

    static func describe(_ report: MigrationReport) -> String {
        report.applied.isEmpty ? "already up to date"
            : "applied " + report.applied.map(String.init).joined(separator: ", ") + " from version \(report.fromVersion)"
    }

    public static func run(dataDir: String) async throws -> String {
        let store = try await SQLiteStore.open(directory: dataDir, options: SQLiteStoreOptions(migrateOnOpen: false))
        do {
            let report = try await store.migrate()
            let version = try await store.schemaVersion()
            try await store.close()
            return "\(store.path): schema version \(version) (\(describe(report)))"
        } catch {
            try? await store.close()
            throw error
        }
    }
}

/// Runs async work from a synchronous context (the command line's main thread) and waits for its result.
/// Never call it from a Swift concurrency thread: it blocks the calling thread.
public func runBlocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let done = DispatchSemaphore(value: 0)
    let result = Mutex<Result<T, any Error>?>(nil)
    Task {
        let outcome: Result<T, any Error>
        do { outcome = .success(try await body()) } catch { outcome = .failure(error) }
        result.withLock { $0 = outcome }
        done.signal()
    }
    done.wait()
    return try result.withLock { $0! }.get()
}
