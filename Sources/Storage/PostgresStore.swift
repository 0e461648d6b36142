import Dispatch
import Synchronization
import UVCore

/// The shared store: every row in one PostgreSQL database (`DATABASE_URL`), so any number of
/// instances serve the same users, usage and billing state.
///
/// libpq runs in non-blocking mode on an event loop (`PostgresConnection`): no database call ever
/// blocks a caller's thread or an HTTP loop. A caller running on an event loop (a request's task on
/// its HTTP loop) gets connections driven by that same loop (`loopPools`, up to `poolSize / 2` per
/// loop, at least 1): sending, reading and resuming the caller stay on one thread, where hopping to
/// the store's loop and back cost more CPU than the query itself. Other callers use the store's
/// own loop and up to `poolSize` connections. A loop's connections close when that loop stops.
/// While the server cannot be reached every call throws `StorageError.unavailable`; broken
/// connections are dropped and new ones opened on the next call, so the store heals by itself
/// when the server returns. Call `close()` before dropping the store: it stops the store's loop
/// thread.
public final class PostgresStore: Store {
    let pool: PostgresPool
    let migrator: PostgresMigrator
    private let loop: EventLoop
    private let gate = Mutex(Gate())
    /// Pools driven by the event loops of callers (see above), by loop; made on first use on each loop.
    private let loopPools = Mutex<[ObjectIdentifier: PostgresPool]>([:])
    private let loopClosed = Atomic<Int32>(-1)

    /// Operations in flight, and whether `close()` has begun.
    private struct Gate {
        var closed = false
        var active = 0
        var drained: [CheckedContinuation<Void, Never>] = []
    }

    private init(pool: PostgresPool, migrator: PostgresMigrator, loop: EventLoop) {
        self.pool = pool
        self.migrator = migrator
        self.loop = loop
    }

    /// Connects to the database at `url` (`postgres://` or `postgresql://`, as libpq reads it:
    /// `sslmode`, SCRAM or other password authentication, host lists all come from libpq),
    /// refuses a schema from a newer version and applies pending migrations unless told not to.
    /// An unreachable server throws `StorageError.unavailable`.
    public static func open(url: String, options: PostgresStoreOptions = PostgresStoreOptions()) async throws -> PostgresStore {
        try await open(url: url, options: options, migrations: PostgresSchema.migrations)
    }

    /// Opens with a given list of migrations (tests build databases at earlier versions with it).
    static func open(url: String, options: PostgresStoreOptions, migrations: [PostgresMigration]) async throws -> PostgresStore {
        let operation = "open PostgreSQL store"
        guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
            throw StorageError.invalidArgument(operation: operation, reason: "the URL must start with postgres:// or postgresql://")
        }
        guard !url.utf8.contains(0) else {
            throw StorageError.invalidArgument(operation: operation, reason: "the URL contains a NUL character")
        }
        let loop: EventLoop
        do {
            loop = try EventLoop(name: "eloquent.postgres")
        } catch {
            throw StorageError.unavailable(operation: operation, message: "cannot create the event loop: \(error)")
        }
        loop.start()
        let pool = PostgresPool(url: url, size: options.poolSize, connectTimeout: options.connectTimeout, loop: loop)
        let store = PostgresStore(pool: pool, migrator: PostgresMigrator(migrations: migrations), loop: loop)
        do {
            let migrator = store.migrator
            try await store.withConnection(operation) { connection in
                let encoding = try await connection.firstRow("SHOW server_encoding", operation: operation) { try $0.text(0) }
                guard encoding == "UTF8" else {
                    throw StorageError.invalidArgument(
                        operation: operation, reason: "the database's encoding is \(encoding ?? "unknown"); it must be UTF8")
                }
                try await migrator.refuseNewer(connection)
                if options.migrateOnOpen { _ = try await migrator.migrate(connection) }
            }
        } catch {
            try? await store.close()
            throw error
        }
        return store
    }

    public func migrate() async throws -> MigrationReport {
        let migrator = migrator
        return try await withConnection("migrate") { try await migrator.migrate($0) }
    }

    /// The highest migration version applied to the database.
    public func schemaVersion() async throws -> Int {
        let migrator = migrator
        return try await withConnection("read schema version") { try await migrator.currentVersion($0) }
    }

    /// `uv_loop_close`'s result once `close()` stopped the store's loop: 0 when no handle was left
    /// open (-1 before). Tests check it.
    var loopCloseResult: Int32 { loopClosed.load(ordering: .acquiring) }

    /// Runs `SELECT 1` on a pooled connection (opening one if none is idle): throws
    /// `StorageError.unavailable` while the server cannot be reached. For readiness checks.
    public func ping() async throws {
        try await withConnection("ping") { connection in
            guard try await connection.firstRow("SELECT 1", operation: "ping", { try $0.int(0) }) == 1 else {
                throw StorageError.invalidStoredValue(operation: "ping", column: "?column?")
            }
        }
    }

    /// Waits for the operations in flight, closes every connection and stops the store's loop.
    public func close() async throws {
        let first = gate.withLock { gate -> Bool in
            defer { gate.closed = true }
            return !gate.closed
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = gate.withLock { gate -> Bool in
                if gate.active == 0 { return true }
                gate.drained.append(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
        guard first else { return }
        // The loops' pools close when their loops stop (an application stops its HTTP loops first); those still
        // running are asked now.
        for other in loopPools.withLock({ Array($0.values) }) where other.loop.isRunning {
            other.loop.execute { other.closeNow() }
        }
        await pool.close()
        loop.stop()
        let loop = loop
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            // join() blocks until the loop thread ends: not on a cooperative thread.
            DispatchQueue.global().async { continuation.resume(returning: loop.join()) }
        }
        loopClosed.store(result, ordering: .releasing)
    }

    /// Runs `body` with a pooled connection; throws `StorageError.closed` once `close()` began.
    @discardableResult
    func withConnection<T: Sendable>(_ operation: String, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        try gate.withLock { gate in
            guard !gate.closed else { throw StorageError.closed(operation: operation) }
            gate.active += 1
        }
        defer {
            let waiting = gate.withLock { gate -> [CheckedContinuation<Void, Never>] in
                gate.active -= 1
                guard gate.active == 0 else { return [] }
                defer { gate.drained.removeAll() }
                return gate.drained
            }
            waiting.forEach { $0.resume() }
        }
        return try await currentPool().withConnection(operation, body)
    }

    /// The pool of the event loop this runs on (made on first use, closed when that loop stops), or the store's own.
    private func currentPool() -> PostgresPool {
        guard let current = EventLoop.current, current !== loop else { return pool }
        return loopPools.withLock { pools in
            if let existing = pools[ObjectIdentifier(current)] { return existing }
            let made = pool.sibling(on: current, size: max(1, pool.size / 2))
            pools[ObjectIdentifier(current)] = made
            current.whenStopping { made.closeNow() }  // on `current`'s thread: this code runs there
            return made
        }
    }

    /// The loops' pools, for tests.
    var loopPoolCount: Int { loopPools.withLock { $0.count } }

    /// Runs `body` in a transaction on a pooled connection.
    func inTransaction<T: Sendable>(
        _ operation: String, begin: String = "BEGIN", _ body: @escaping (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await withConnection(operation) { connection in
            try await connection.transaction(begin, operation: operation) { try await body(connection) }
        }
    }
}
