import Basics
import Logging
import Synchronization
import HTTP1
import UVCore
import Glibc

/// Everything one loop owns for the server: its listener, its connections, the timeout sweeper and the cached
/// `Date` header. Touched only on its loop's thread.
final class LoopContext: @unchecked Sendable {
    let loop: EventLoop
    let shared: ServerShared
    var listener: TCPListener?
    private var connections: [ObjectIdentifier: HTTPConnection] = [:]
    private var sweeper: LoopTimer?
    var signals: SignalWatcher?
    private var draining = false
    private var finished = false
    private var lastAcceptWarning: UInt64?
    private var dateSecond = -1
    private var dateText = ""

    init(loop: EventLoop, shared: ServerShared) {
        self.loop = loop
        self.shared = shared
    }

    var connectionCount: Int { connections.count }

    func startSweeper() throws {
        let timer = try LoopTimer(loop: loop)
        let config = shared.configuration
        let shortest = [config.headerTimeout, config.readTimeout, config.writeTimeout, config.idleTimeout, config.lingerTimeout]
            .map(\.milliseconds).min() ?? 1000
        let interval = min(1000, max(10, shortest / 4))
        timer.start(timeoutMs: interval, repeatMs: interval) { [unowned self] in
            let now = loop.now
            for connection in connections.values { connection.sweep(now: now) }
        }
        sweeper = timer
    }

    func accept(_ tcp: TCPConnection) {
        let stats = shared.stats
        if draining || stats.openConnections.load(ordering: .relaxed) >= shared.connectionCap.load(ordering: .relaxed) {
            stats.refusedConnections.add(1, ordering: .relaxed)
            tcp.close()
            if !draining { warnAtMostEvery10s("connection refused: the connection cap is reached (MAX_CONNECTIONS or the open-file limit)") }
            return
        }
        guard secureIfConfigured(tcp) else { return }
        stats.openConnections.add(1, ordering: .relaxed)
        stats.acceptedConnections.add(1, ordering: .relaxed)
        let connection = HTTPConnection(tcp: tcp, context: self)
        connections[ObjectIdentifier(connection)] = connection
    }

    /// A failed accept (out of descriptors, mostly): counted and logged.
    func acceptFailed(_ error: UVError) {
        shared.stats.acceptErrors.add(1, ordering: .relaxed)
        warnAtMostEvery10s("accept failed: queued connections are closed unanswered until descriptors are free", error: error)
    }

    /// A warning about refused connections, at most once per 10 s per loop (a flood must not flood the log too).
    private func warnAtMostEvery10s(_ message: Logger.Message, error: UVError? = nil) {
        let now = loop.now
        if let last = lastAcceptWarning, now < last + 10_000 { return }
        lastAcceptWarning = now
        var metadata: Logger.Metadata = ["open_connections": "\(shared.stats.openConnections.load(ordering: .relaxed))"]
        if let error { metadata["error"] = "\(error)" }
        shared.logger.warning(message, metadata: metadata)
    }

    func remove(_ connection: HTTPConnection) {
        guard connections.removeValue(forKey: ObjectIdentifier(connection)) != nil else { return }
        shared.stats.openConnections.subtract(1, ordering: .relaxed)
        if draining && connections.isEmpty { finish() }
    }

    /// The first step of a delayed stop: queue no new connection, keep accepting the queued ones.
    func shrinkBacklog() {
        do {
            try listener?.shrinkBacklog()
        } catch {
            shared.logger.warning("could not shrink the accept queue", metadata: ["error": "\(error)"])
        }
    }

    /// Graceful shutdown of this loop: stop accepting, close idle connections, let busy ones finish.
    func beginDrain() {
        guard !draining else { return }
        // What the kernel already queued is accepted first (before `draining` refuses new connections): closing a
        // listener resets its queued connections, on which a proxy may already have sent a request.
        listener?.drainAndClose()
        listener = nil
        draining = true
        for connection in Array(connections.values) { connection.drain() }
        if connections.isEmpty { finish() }
    }

    /// Shutdown timeout passed: close whatever is still open.
    func forceClose() {
        draining = true
        // What the kernel already queued is accepted first (before `draining` refuses new connections): closing a
        // listener resets its queued connections, on which a proxy may already have sent a request.
        listener?.drainAndClose()
        listener = nil
        for connection in Array(connections.values) { connection.close() }
        if connections.isEmpty { finish() }
    }

    private func finish() {
        guard !finished else { return }
        finished = true
        sweeper?.close()
        sweeper = nil
        signals?.close()
        signals = nil
        loop.stop()
        shared.loopFinished()
    }

    /// The `Date` header value, formatted once per second.
    func dateHeader() -> String {
        let second = time(nil)
        if second != dateSecond {
            dateSecond = second
            dateText = HTTPDate.format(epochSeconds: second)
        }
        return dateText
    }

    func monotonicNanos() -> UInt64 { SystemClock.monotonicNanos() }
}
