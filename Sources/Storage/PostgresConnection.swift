internal import CLibPQ
import Synchronization
import UVCore

/// One libpq connection in non-blocking mode, driven by an `EventLoop`: connecting
/// (`PQconnectStartParams` + `PQconnectPoll`), sending (`PQsendQueryParams` + `PQflush`) and
/// reading results (`PQconsumeInput` + `PQgetResult`) all happen in callbacks of an `FDWatcher`
/// on the connection's socket, so no libpq call ever waits for the network.
///
/// `@unchecked Sendable`: `handle`, `watcher`, `timer` and `pending` are touched only on `loop`'s
/// thread; `broken` is atomic because the pool reads it when taking the connection back.
final class PostgresConnection: @unchecked Sendable {
    let loop: EventLoop
    private var handle: OpaquePointer?
    private var watcher: FDWatcher?
    private var timer: LoopTimer?
    private var pending: Pending?
    private let broken = Atomic<Bool>(false)

    /// What the connection is waiting for.
    private enum Pending {
        case connect((Result<Void, any Error>) -> Void, operation: String)
        case query(QueryState)
    }

    private struct QueryState {
        var continuation: CheckedContinuation<PostgresResult, any Error>
        var operation: String
        var result: PostgresResult?
        var error: StorageError?
        var flushing: Bool
    }

    /// True once the connection failed at the network level; it must not be used again.
    var isBroken: Bool { broken.load(ordering: .acquiring) }

    private init(loop: EventLoop) {
        self.loop = loop
    }

    /// Opens a connection to `url` (a `postgres://` or `postgresql://` URL, passed to libpq as is)
    /// on `loop`. Failing to reach or log in to the server throws `StorageError.unavailable`.
    static func connect(url: String, loop: EventLoop, timeout: Duration, operation: String) async throws -> PostgresConnection {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<PostgresConnection, any Error>) in
            loop.execute { connect(url: url, loop: loop, timeout: timeout, operation: operation) { continuation.resume(with: $0) } }
        }
    }

    /// `connect` for a caller on `loop`'s thread: `completion` runs there, with no task involved (a pool on an HTTP
    /// loop opens connections without waiting for a thread of Swift's shared pool, which may be busy).
    static func connect(url: String, loop: EventLoop, timeout: Duration, operation: String,
                        _ completion: @escaping (Result<PostgresConnection, any Error>) -> Void) {
        loop.assertInEventLoop()
        let connection = PostgresConnection(loop: loop)
        let milliseconds = UInt64(max(1, timeout.components.seconds * 1_000 + timeout.components.attoseconds / 1_000_000_000_000_000))
        connection.startConnecting(url: url, timeoutMs: milliseconds, { result in completion(result.map { connection }) },
                                   operation: operation)
    }

    /// Sends one statement with its parameters and returns its result. A statement PostgreSQL
    /// refuses throws `.constraintViolation` or `.postgres`; a broken connection throws
    /// `.unavailable` and marks the connection broken.
    func query(_ sql: String, _ values: [PostgresValue], operation: String) async throws -> PostgresResult {
        let texts = try values.map { try $0.textForm(operation: operation) }
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<PostgresResult, any Error>) in
            loop.execute { self.startQuery(sql, texts, continuation, operation: operation) }
        }
    }

    /// Whether the server considers the connection inside a transaction (or unknown): such a
    /// connection must not go back to the pool. Loop thread only.
    var isInTransaction: Bool {
        guard let handle else { return true }
        return libpq.PQtransactionStatus(handle) != PQTRANS_IDLE
    }

    /// Watches the idle connection (from its last result on, and in the pool) so that a server going
    /// away (shutdown, restart, terminated backend) is noticed at once: input is consumed, the
    /// connection marked broken and `onBroken` run, on the loop, when it breaks.
    func watchWhileIdle(_ onBroken: (() -> Void)? = nil) {
        loop.assertInEventLoop()
        guard let watcher, let handle, pending == nil else { return }
        do {
            try watcher.start(.readable) { [self] _, error in
                // Anything arriving on an idle connection is a notice or the server's goodbye.
                if error != nil || libpq.PQconsumeInput(handle) == 0 || libpq.PQstatus(handle) == CONNECTION_BAD {
                    markBroken()
                    watcher.stop()
                    onBroken?()
                }
            }
        } catch {
            markBroken()
            onBroken?()
        }
    }

    /// Releases the socket and libpq's memory. Loop thread only; idempotent.
    func close() {
        loop.assertInEventLoop()
        markBroken()
        watcher?.close()
        watcher = nil
        timer?.close()
        timer = nil
        if let handle {
            libpq.PQfinish(handle)
            self.handle = nil
        }
    }

    // MARK: Connecting

    private func startConnecting(url: String, timeoutMs: UInt64, _ completion: @escaping (Result<Void, any Error>) -> Void,
                                 operation: String) {
        pending = .connect(completion, operation: operation)
        if case .failure(let error) = LibPQ.loaded { return failConnect(error.message) }
        // `expand_dbname` makes libpq read the URL; the entries after it override what it says:
        // text is always exchanged as UTF-8.
        let keywords = ["dbname", "client_encoding", "fallback_application_name"]
        let values = [url, "UTF8", "eloquent-server"]
        let started: OpaquePointer? = withCStringArray(keywords) { keywordArray in
            withCStringArray(values) { valueArray in
                libpq.PQconnectStartParams(keywordArray, valueArray, 1)
            }
        }
        guard let started else { return failConnect("PQconnectStartParams: out of memory") }
        handle = started
        guard libpq.PQstatus(started) != CONNECTION_BAD else { return failConnect(errorMessage()) }
        // Notices (e.g. "already exists, skipping") would go to stderr by default; they are not errors.
        _ = libpq.PQsetNoticeProcessor(started, { _, _ in }, nil)
        do {
            let timer = try LoopTimer(loop: loop)
            self.timer = timer
            timer.start(timeoutMs: timeoutMs) { [self] in
                failConnect("timed out after \(timeoutMs) ms connecting to PostgreSQL")
            }
        } catch {
            return failConnect("\(error)")
        }
        // As the libpq manual says: start as if PQconnectPoll had asked to wait for writing.
        waitForConnect(.writable)
    }

    private func waitForConnect(_ events: FDWatcher.Events) {
        guard let handle else { return }
        // libpq may close and open sockets while connecting (another address, SSL retried without
        // it), possibly reusing the descriptor number: watch the current socket afresh each time.
        watcher?.close()
        watcher = nil
        let fd = libpq.PQsocket(handle)
        guard fd >= 0 else { return failConnect("PQsocket: no socket: " + errorMessage()) }
        do {
            let watcher = try FDWatcher(loop: loop, fd: fd)
            self.watcher = watcher
            try watcher.start(events) { [self] _, error in
                if let error { return failConnect("poll: \(error)") }
                continueConnecting()
            }
        } catch {
            failConnect("watching the socket: \(error)")
        }
    }

    private func continueConnecting() {
        guard let handle, case .connect = pending else { return }
        switch libpq.PQconnectPoll(handle) {
        case PGRES_POLLING_OK:
            guard libpq.PQsetnonblocking(handle, 1) == 0 else { return failConnect("PQsetnonblocking: " + errorMessage()) }
            watcher?.stop()
            timer?.close()
            timer = nil
            finishConnect(.success(()))
        case PGRES_POLLING_READING:
            waitForConnect(.readable)
        case PGRES_POLLING_WRITING:
            waitForConnect(.writable)
        default:
            failConnect(errorMessage())
        }
    }

    private func failConnect(_ message: String) {
        guard case let .connect(_, operation) = pending else { return }
        close()
        finishConnect(.failure(StorageError.unavailable(operation: operation, message: message)))
    }

    private func finishConnect(_ result: Result<Void, any Error>) {
        guard case let .connect(completion, _) = pending else { return }
        pending = nil
        completion(result)
    }

    // MARK: Queries

    private func startQuery(
        _ sql: String, _ values: [String?], _ continuation: CheckedContinuation<PostgresResult, any Error>, operation: String
    ) {
        precondition(pending == nil, "PostgresConnection used by two operations at once")
        guard let handle, watcher != nil, !isBroken else {
            return continuation.resume(throwing: StorageError.unavailable(operation: operation, message: "connection is closed"))
        }
        pending = .query(QueryState(continuation: continuation, operation: operation, flushing: true))
        let sent = withCStringArray(values) { valueArray in
            libpq.PQsendQueryParams(handle, sql, Int32(values.count), nil, valueArray, nil, nil, 0)
        }
        guard sent == 1 else { return failQuery(brokenUnlessHealthy: errorMessage()) }
        flush()
    }

    /// Sends what libpq still holds, watching for writability only while something is left; once all is sent, waits
    /// for readability. (The socket stays watched for readability between queries too, so a query that goes out in
    /// one piece changes nothing in the loop's epoll set: `FDWatcher` only swaps the callback.)
    private func flush() {
        guard let handle, let watcher, case var .query(state) = pending, state.flushing else { return }
        let flushed = libpq.PQflush(handle)
        guard flushed == 0 || flushed == 1 else {
            return failQuery(brokenUnlessHealthy: "PQflush: " + errorMessage(), forceBroken: true)
        }
        if flushed == 0 {
            state.flushing = false
            pending = .query(state)
        }
        do {
            try watcher.start(flushed == 0 ? .readable : [.readable, .writable]) { [self] events, error in
                if let error { return failQuery(brokenUnlessHealthy: "poll: \(error)", forceBroken: true) }
                queryReady(events)
            }
        } catch {
            return failQuery(brokenUnlessHealthy: "watching the socket: \(error)", forceBroken: true)
        }
        // While sending, libpq may have read input already (it reads when the socket is full, so
        // that neither side waits for the other): results may be complete without new readability.
        if flushed == 0 { collectResults() }
    }

    private func queryReady(_ events: FDWatcher.Events) {
        guard let handle, case .query = pending else { return }
        if events.contains(.readable) {
            // The manual: when the socket is readable, consume input before flushing again.
            guard libpq.PQconsumeInput(handle) == 1 else {
                return failQuery(brokenUnlessHealthy: "PQconsumeInput: " + errorMessage(), forceBroken: true)
            }
        }
        if case let .query(state) = pending, state.flushing { flush() }
        collectResults()
    }

    /// Takes every result libpq has complete; the statement is done when `PQgetResult` gives nil.
    private func collectResults() {
        guard let handle, case var .query(state) = pending, !state.flushing else { return }
        while libpq.PQisBusy(handle) == 0 {
            guard let result = libpq.PQgetResult(handle) else {
                pending = nil
                watchWhileIdle()  // still readable-only: the epoll set does not change until the next query
                if let error = state.error {
                    if libpq.PQstatus(handle) == CONNECTION_BAD { markBroken() }
                    return state.continuation.resume(throwing: error)
                }
                return state.continuation.resume(
                    returning: state.result ?? PostgresResult(columns: [], rows: [], affectedRows: 0))
            }
            defer { libpq.PQclear(result) }
            switch libpq.PQresultStatus(result) {
            case PGRES_TUPLES_OK, PGRES_COMMAND_OK:
                if state.error == nil { state.result = Self.copy(result) }
            default:
                if state.error == nil { state.error = Self.error(of: result, handle: handle, operation: state.operation) }
            }
        }
        pending = .query(state)
        if libpq.PQstatus(handle) == CONNECTION_BAD {
            failQuery(brokenUnlessHealthy: errorMessage(), forceBroken: true)
        }
    }

    private func failQuery(brokenUnlessHealthy message: String, forceBroken: Bool = false) {
        guard case let .query(state) = pending else { return }
        pending = nil
        watcher?.stop()
        if forceBroken || handle.map({ libpq.PQstatus($0) == CONNECTION_BAD }) ?? true { markBroken() }
        state.continuation.resume(throwing: StorageError.unavailable(operation: state.operation, message: message))
    }

    private func markBroken() { broken.store(true, ordering: .releasing) }

    private func errorMessage() -> String {
        guard let handle, let message = libpq.PQerrorMessage(handle) else { return "unknown libpq error" }
        return Self.trimmed(String(cString: message))
    }

    // MARK: Results

    private static func copy(_ result: OpaquePointer) -> PostgresResult {
        let rowCount = libpq.PQntuples(result)
        let columnCount = libpq.PQnfields(result)
        var columns: [String] = []
        columns.reserveCapacity(Int(columnCount))
        for column in 0..<columnCount {
            columns.append(libpq.PQfname(result, column).map { String(cString: $0) } ?? "#\(column)")
        }
        var rows: [[String?]] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            var values: [String?] = []
            values.reserveCapacity(Int(columnCount))
            for column in 0..<columnCount {
                if libpq.PQgetisnull(result, row, column) == 1 {
                    values.append(nil)
                } else if let bytes = libpq.PQgetvalue(result, row, column) {
                    let count = Int(libpq.PQgetlength(result, row, column))
                    values.append(bytes.withMemoryRebound(to: UInt8.self, capacity: count) {
                        String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
                    })
                } else {
                    values.append(nil)
                }
            }
            rows.append(values)
        }
        let affected = libpq.PQcmdTuples(result).map { Int(String(cString: $0)) ?? 0 } ?? 0
        return PostgresResult(columns: columns, rows: rows, affectedRows: affected)
    }

    /// The error for a failed statement: integrity violations (class 23) get their own case,
    /// connection failures (class 08, server shutting down) mean unavailable.
    private static func error(of result: OpaquePointer, handle: OpaquePointer, operation: String) -> StorageError {
        let sqlState = libpq.PQresultErrorField(result, eloquent_pq_diag_sqlstate()).map { String(cString: $0) } ?? ""
        let message = libpq.PQresultErrorField(result, eloquent_pq_diag_message_primary()).map { String(cString: $0) }
            ?? libpq.PQresultErrorMessage(result).map { trimmed(String(cString: $0)) } ?? "unknown error"
        if sqlState.hasPrefix("23") {
            return .constraintViolation(operation: operation, message: message)
        }
        if sqlState.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(sqlState) || libpq.PQstatus(handle) == CONNECTION_BAD {
            return .unavailable(operation: operation, message: message)
        }
        return .postgres(operation: operation, sqlState: sqlState, message: message)
    }

    private static func trimmed(_ message: String) -> String {
        var text = Substring(message)
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}

/// Calls `body` with a NULL-terminated array of C strings (a nil element is a NULL pointer),
/// valid only during the call. The strings are laid out in one Swift-owned buffer, NUL after each.
private func withCStringArray<R>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    var bytes: [CChar] = []
    bytes.reserveCapacity(strings.reduce(0) { $0 + ($1?.utf8.count ?? 0) + 1 })
    var offsets: [Int?] = []
    for string in strings {
        guard let string else { offsets.append(nil); continue }
        offsets.append(bytes.count)
        bytes.append(contentsOf: string.utf8.map { CChar(bitPattern: $0) })
        bytes.append(0)
    }
    return bytes.withUnsafeBufferPointer { buffer in
        var pointers: [UnsafePointer<CChar>?] = offsets.map { offset in offset.map { buffer.baseAddress! + $0 } }
        pointers.append(nil)
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
