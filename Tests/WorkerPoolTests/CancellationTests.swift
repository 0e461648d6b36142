@testable import WorkerPool
import Testing

@Suite(.timeLimit(.minutes(1))) struct WorkerPoolCancellationTests {
    @Test func cancelledQueuedJobNeverRuns() async throws {
        let pool = WorkerPool(workers: 1, queueSize: 4, jobTimeout: .seconds(30))
        let gate = Gate()
        let started = StartSignals()
        let ran = Tally()
        let blocker = Task { try await pool.run { started.signal(); gate.wait() } }
        await started.wait(for: 1)
        let queued = Task { try await pool.run { ran.enter() } }
        try await WorkerPoolTestSupport.eventually { pool.stats.queued == 1 }
        queued.cancel()
        await #expect(throws: WorkerPoolError.cancelled) { try await queued.value }
        #expect(pool.stats.queued == 0 && pool.stats.cancelled == 1)
        gate.open(1)
        try await blocker.value
        await pool.drain()
        #expect(ran.total == 0)
        #expect(pool.stats.completed == 1)
    }

    @Test func alreadyCancelledTaskNeverSubmits() async throws {
        let pool = WorkerPool(workers: 1, queueSize: 4, jobTimeout: .seconds(30))
        let ran = Tally()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await pool.run { ran.enter() }
        }
        await #expect(throws: WorkerPoolError.cancelled) { try await task.value }
        await pool.drain()
        #expect(ran.total == 0 && pool.stats.cancelled == 1 && pool.stats.completed == 0)
    }

    @Test func cancellingARunningJobReleasesTheCaller() async throws {
        let pool = WorkerPool(workers: 1, queueSize: 4, jobTimeout: .seconds(30))
        let gate = Gate()
        let started = StartSignals()
        let running = Task { try await pool.run { started.signal(); gate.wait(); return 7 } }
        await started.wait(for: 1)
        running.cancel()
        await #expect(throws: WorkerPoolError.cancelled) { try await running.value }
        #expect(pool.stats.busy == 1)
        gate.open(1)
        await pool.drain()
        #expect(pool.stats.completed == 1 && pool.stats.cancelled == 1)
    }

    @Test func manyCancellationsLeaveTheQueueConsistent() async throws {
        let pool = WorkerPool(workers: 2, queueSize: 200, jobTimeout: .seconds(30))
        let gate = Gate()
        let started = StartSignals()
        let ran = Tally()
        let blockers = (0..<2).map { _ in Task { try await pool.run { started.signal(); gate.wait() } } }
        await started.wait(for: 2)
        let queued = (0..<150).map { _ in Task { try await pool.run { ran.enter() } } }
        try await WorkerPoolTestSupport.eventually { pool.stats.queued == 150 }
        for (index, task) in queued.enumerated() where index.isMultiple(of: 3) { task.cancel() }
        try await WorkerPoolTestSupport.eventually { pool.stats.queued == 100 }
        gate.open(2)
        var cancelled = 0
        for task in queued + blockers {
            do { try await task.value } catch WorkerPoolError.cancelled { cancelled += 1 }
        }
        await pool.drain()
        #expect(cancelled == 50 && ran.total == 100)
        #expect(pool.stats.completed == 102 && pool.stats.cancelled == 50 && pool.stats.queued == 0)
    }

    /// While every worker is blocked and many callers wait in `run`, ordinary async work
    /// still makes progress: no cooperative thread is held by the pool.
    @Test func waitingCallersDoNotBlockCooperativeThreads() async throws {
        let pool = WorkerPool(workers: 2, queueSize: 64, jobTimeout: .seconds(30))
        let gate = Gate()
        let started = StartSignals()
        let blockers = (0..<2).map { _ in Task { try await pool.run { started.signal(); gate.wait(); return -1 } } }
        await started.wait(for: 2)
        let waiting = (0..<40).map { index in Task { try await pool.run { index } } }
        try await WorkerPoolTestSupport.eventually { pool.stats.queued == 40 }
        let progress = await withTaskGroup(of: Int.self) { group in
            for index in 0..<64 {
                group.addTask {
                    await Task.yield()
                    return index
                }
            }
            return await group.reduce(0, +)
        }
        #expect(progress == (0..<64).reduce(0, +))
        #expect(pool.stats.queued == 40 && pool.stats.busy == 2)
        gate.open(2)
        var total = 0
        for task in waiting + blockers { total += try await task.value }
        #expect(total == (0..<40).reduce(0, +) - 2)
        await pool.drain()
    }
}
