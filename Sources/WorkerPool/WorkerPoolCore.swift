/// The state of a `WorkerPool` behind its lock: life cycle, idle workers, the queue,
/// counters and the callers of `drain()`. Invariant: jobs wait only while every worker is
/// busy, so an all-idle pool has an empty queue.
struct WorkerPoolCore: Sendable {
    enum Submission {
        /// Worker `worker` is free: start it with this job.
        case start(WorkerJob, worker: Int)
        case queued
        case rejected(WorkerPoolError)
    }

    let workers: Int
    let queueSize: Int
    var state = WorkerPoolState.running
    /// Indices of the workers with nothing to do.
    var idleWorkers: [Int]
    var queue = WorkerJobQueue()
    var completed: UInt64 = 0
    var failed: UInt64 = 0
    var rejected: UInt64 = 0
    var timedOut: UInt64 = 0
    var cancelled: UInt64 = 0
    var drainWaiters: [CheckedContinuation<Void, Never>] = []

    mutating func submit(_ job: WorkerJob) -> Submission {
        guard state == .running else {
            rejected += 1
            return .rejected(.notRunning)
        }
        if let worker = idleWorkers.popLast() {
            return .start(job, worker: worker)
        }
        guard queue.count < queueSize else {
            rejected += 1
            return .rejected(.queueFull)
        }
        queue.append(job)
        return .queued
    }

    /// Records a worker's outcome and hands it the next job, or retires it. Returns the drain
    /// waiters to resume when the pool has just stopped.
    mutating func workerFinished(
        _ worker: Int, _ outcome: WorkerJob.Outcome
    ) -> (next: WorkerJob?, waiters: [CheckedContinuation<Void, Never>]) {
        switch outcome {
        case .completed: completed += 1
        case .failed: failed += 1
        case .skipped: break
        }
        if let next = queue.popFirst() { return (next, []) }
        idleWorkers.append(worker)
        return (nil, stopIfIdle())
    }

    /// Starts draining, registering `waiter` unless the pool is already idle; returns the
    /// waiters to resume now.
    mutating func drain(_ waiter: CheckedContinuation<Void, Never>) -> [CheckedContinuation<Void, Never>] {
        if state == .running { state = .draining }
        drainWaiters.append(waiter)
        return stopIfIdle()
    }

    private mutating func stopIfIdle() -> [CheckedContinuation<Void, Never>] {
        guard state != .running, busy == 0, queue.isEmpty else { return [] }
        state = .stopped
        defer { drainWaiters = [] }
        return drainWaiters
    }

    init(workers: Int, queueSize: Int) {
        self.workers = workers
        self.queueSize = queueSize
        idleWorkers = Array((0..<workers).reversed())
    }

    var busy: Int { workers - idleWorkers.count }

    var stats: WorkerPoolStats {
        WorkerPoolStats(
            state: state, workers: workers, busy: busy, queued: queue.count, completed: completed, failed: failed,
            rejected: rejected, timedOut: timedOut, cancelled: cancelled)
    }
}
