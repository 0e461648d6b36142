import Synchronization

/// A snapshot of one pool's figures, for `/metrics`.
public struct UpstreamStats: Sendable, Equatable {
    public var pool: String
    /// Transfers added and not yet finished (running or waiting for a connection).
    public var activeTransfers = 0
    /// Connections open now, busy or idle (not counting those shut down after `idleTimeout`).
    public var openConnections = 0
    /// Open connections that no transfer uses now.
    public var idleConnections = 0
    /// Requests handed to the pool since it started.
    public var totalRequests = 0
    /// Connections made (`CURLINFO_NUM_CONNECTS` summed over finished transfers).
    public var newConnections = 0
    /// Successful transfers that made no connection of their own: they reused one.
    public var reusedConnections = 0
    /// Idle connections closed by the pool after `idleTimeout`.
    public var idleClosed = 0
    /// Transfers that got a connection (made or reused), and the seconds they waited for it in all, from being
    /// added (under `MAX_CONNS_PER_HOST` this includes queueing for a free one) to their request going out.
    public var connectionWaits = 0
    public var connectionWaitSeconds = 0.0
    /// The longest such wait so far.
    public var connectionWaitMaxSeconds = 0.0
    /// Failed requests by kind.
    public var errors: [UpstreamErrorKind: Int] = [:]

    public init(pool: String) { self.pool = pool }
}

/// A pool's figures, written on its loop and read by `stats()` from any thread.
final class PoolCounters: Sendable {
    private let state: Mutex<UpstreamStats>

    init(pool: String) { state = Mutex(UpstreamStats(pool: pool)) }

    func update(_ body: (inout UpstreamStats) -> Void) { state.withLock { body(&$0) } }

    func snapshot() -> UpstreamStats { state.withLock { $0 } }
}
