import Dispatch
import Synchronization

/// A fixed set of Dispatch workers for CPU-heavy work (hashing and probing audio, building
/// multipart bodies, compressing large responses), so that event loops and Swift's
/// cooperative threads never do it. Each worker is a serial Dispatch queue, so at most
/// `workers` jobs run at once and each busy worker has a thread of its own (serial queues
/// overcommit: a worker is never starved because other Dispatch work blocks the shared
/// threads, which a concurrent queue would be on Linux). Up to `queueSize` more jobs wait
/// in FIFO order. Callers await without blocking any thread.
///
/// - A full queue fails at once with `.queueFull`; a draining or stopped pool with
///   `.notRunning`.
/// - `jobTimeout` counts from submission: a job still queued then is dropped unrun; a
///   running one keeps its worker but its caller gets `.timedOut` and the result is dropped.
/// - Cancelling the calling task releases it with `.cancelled`; a job still queued then is
///   removed and never runs.
/// - `drain()` stops intake and returns when every accepted job has run (or been dropped)
///   and every worker is idle; the pool is then `stopped`.
public final class WorkerPool: Sendable {
    public let workers: Int
    public let queueSize: Int
    public let jobTimeout: Duration
    private let workerQueues: [DispatchQueue]
    /// Where job timeouts fire; serial, hence overcommitting, like the workers.
    private let timerQueue = DispatchQueue(label: "eloquent.worker-pool.timeouts")
    private let core: Mutex<WorkerPoolCore>
    private let lastID = Atomic<UInt64>(0)

    public init(workers: Int, queueSize: Int, jobTimeout: Duration) {
        precondition(workers >= 1, "a worker pool needs at least one worker")
        precondition(queueSize >= 0, "queue size cannot be negative")
        precondition(jobTimeout > .zero, "job timeout must be positive")
        self.workers = workers
        self.queueSize = queueSize
        self.jobTimeout = jobTimeout
        workerQueues = (0..<workers).map { DispatchQueue(label: "eloquent.worker-\($0)", qos: .userInitiated) }
        core = Mutex(WorkerPoolCore(workers: workers, queueSize: queueSize))
    }

    public var state: WorkerPoolState { core.withLock { $0.state } }

    public var stats: WorkerPoolStats { core.withLock { $0.stats } }

    /// Runs `job` on a worker and returns its result, or throws what it throws, or a
    /// `WorkerPoolError` (see the type's documentation).
    public func run<T: Sendable>(_ job: @escaping @Sendable () throws -> T) async throws -> T {
        let ticket = WorkerJobTicket<T>()
        let id = lastID.add(1, ordering: .relaxed).newValue
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                guard ticket.install(continuation) else {
                    core.withLock { $0.cancelled += 1 }
                    return
                }
                let work = WorkerJob(id: id) {
                    guard ticket.begin() else { return .skipped }
                    do {
                        ticket.finish(.success(try job()))
                        return .completed
                    } catch {
                        ticket.finish(.failure(error))
                        return .failed
                    }
                }
                switch core.withLock({ $0.submit(work) }) {
                case .rejected(let error):
                    ticket.finish(.failure(error))
                    return
                case .start(let first, let worker):
                    workerQueues[worker].async { self.work(worker, startingWith: first) }
                case .queued:
                    break
                }
                scheduleTimeout(id: id, ticket: ticket)
            }
        } onCancel: {
            withdraw(id: id)
            if ticket.cancel() { core.withLock { $0.cancelled += 1 } }
        }
    }

    /// Stops accepting jobs and returns once all accepted ones are done and the pool is
    /// `stopped`. Safe to call more than once.
    public func drain() async {
        await withCheckedContinuation { continuation in
            let ready = core.withLock { $0.drain(continuation) }
            for waiter in ready { waiter.resume() }
        }
    }

    /// A worker's turn: run jobs until the queue is empty.
    private func work(_ worker: Int, startingWith first: WorkerJob) {
        var job = first
        while true {
            let outcome = job.execute()
            let (next, waiters) = core.withLock { $0.workerFinished(worker, outcome) }
            for waiter in waiters { waiter.resume() }
            guard let next else { return }
            job = next
        }
    }

    /// Removes a job that is still queued, so that it never runs.
    private func withdraw(id: UInt64) {
        core.withLock { _ = $0.queue.remove(id: id) }
    }

    private func scheduleTimeout<T: Sendable>(id: UInt64, ticket: WorkerJobTicket<T>) {
        let deadline = DispatchTime.now() + Self.interval(jobTimeout)
        timerQueue.asyncAfter(deadline: deadline) { [weak self, weak ticket] in
            guard let self, let ticket else { return }
            self.withdraw(id: id)
            if ticket.finish(.failure(WorkerPoolError.timedOut)) {
                self.core.withLock { $0.timedOut += 1 }
            }
        }
    }

    /// `duration` in nanoseconds for Dispatch, saturating.
    static func interval(_ duration: Duration) -> DispatchTimeInterval {
        let (seconds, attoseconds) = duration.components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let nanoseconds = overflow ? Int64.max : whole.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
        return .nanoseconds(Int(clamping: max(1, nanoseconds)))
    }
}

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

/// The life cycle of a `WorkerPool`: `running` until `drain()` is called, `draining` while
/// accepted jobs finish, then `stopped` for good.
public enum WorkerPoolState: String, Sendable, Equatable {
    case running
    case draining
    case stopped
}
