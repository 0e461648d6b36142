/// Figures of a `WorkerPool`, for `/metrics` and `/stats`. Counters only grow.
public struct WorkerPoolStats: Sendable, Equatable {
    public var state: WorkerPoolState
    /// Worker count.
    public var workers: Int
    /// Workers running a job now (including jobs whose caller has given up).
    public var busy: Int
    /// Jobs waiting for a worker.
    public var queued: Int
    /// Jobs that returned a value.
    public var completed: UInt64
    /// Jobs that threw.
    public var failed: UInt64
    /// Submissions refused: queue full or pool not running.
    public var rejected: UInt64
    /// Callers released by the job timeout.
    public var timedOut: UInt64
    /// Callers released by task cancellation.
    public var cancelled: UInt64

    public init(
        state: WorkerPoolState, workers: Int, busy: Int, queued: Int, completed: UInt64, failed: UInt64,
        rejected: UInt64, timedOut: UInt64, cancelled: UInt64
    ) {
        self.state = state
        self.workers = workers
        self.busy = busy
        self.queued = queued
        self.completed = completed
        self.failed = failed
        self.rejected = rejected
        self.timedOut = timedOut
        self.cancelled = cancelled
    }
}
