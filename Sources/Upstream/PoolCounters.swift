import Synchronization

/// A pool's figures, written on its loop and read by `stats()` from any thread.
final class PoolCounters: Sendable {
    private let state: Mutex<UpstreamStats>

    init(pool: String) { state = Mutex(UpstreamStats(pool: pool)) }

    func update(_ body: (inout UpstreamStats) -> Void) { state.withLock { body(&$0) } }

    func snapshot() -> UpstreamStats { state.withLock { $0 } }
}
