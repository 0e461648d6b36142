/// Why `WorkerPool.run` did not return the job's result.
public enum WorkerPoolError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Every worker was busy and the queue already held `queueSize` jobs (→ 503).
    case queueFull
    /// The job did not finish within the pool's job timeout.
    case timedOut
    /// The calling task was cancelled before the job finished.
    case cancelled
    /// The pool is draining or stopped and accepts no jobs (→ 503).
    case notRunning

    public var description: String {
        switch self {
        case .queueFull: "worker queue is full"
        case .timedOut: "worker job timed out"
        case .cancelled: "worker job cancelled"
        case .notRunning: "worker pool is not accepting jobs"
        }
    }
}
