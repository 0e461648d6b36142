/// A submitted job with its result type erased: `execute` runs it on a worker (or skips it
/// when its caller has already been released) and reports how it went.
struct WorkerJob: Sendable {
    enum Outcome: Sendable {
        case completed
        case failed
        /// Not run: the caller was cancelled or timed out first.
        case skipped
    }

    let id: UInt64
    let execute: @Sendable () -> Outcome
}
