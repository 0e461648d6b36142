@testable import WorkerPool
import Testing

@Suite(.timeLimit(.minutes(1))) struct WorkerPoolTests {
    struct Boom: Error, Equatable {}

    @Test func returnsResults() async throws {
        let pool = WorkerPool(workers: 2, queueSize: 100, jobTimeout: .seconds(30))
        #expect(try await pool.run { 21 * 2 } == 42)
        let sum = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<50 { group.addTask { try await pool.run { index * index } } }
            return try await group.reduce(0, +)
        }
        #expect(sum == (0..<50).reduce(0) { $0 + $1 * $1 })
        await pool.drain()
        #expect(pool.stats.completed == 51 && pool.stats.failed == 0 && pool.stats.rejected == 0)
    }

    @Test func jobErrorsPropagate() async {
        let pool = WorkerPool(workers: 1, queueSize: 1, jobTimeout: .seconds(30))
        await #expect(throws: Boom()) { try await pool.run { () throws -> Int in throw Boom() } }
        await pool.drain()
        #expect(pool.stats.failed == 1 && pool.stats.completed == 0)
    }

    @Test func fullQueueFailsImmediately() async throws {
        let pool = WorkerPool(workers: 1, queueSize: 1, jobTimeout: .seconds(30))
        let gate = Gate()
        let started = StartSignals()
        let running = Task { try await pool.run { started.signal(); gate.wait(); return 1 } }
        await started.wait(for: 1)
        let queued = Task { try await pool.run { 2 } }
        try await WorkerPoolTestSupport.eventually { pool.stats.queued == 1 }
        // The gate is still closed: had this call waited for room, the test would hang here.
        await #expect(throws: WorkerPoolError.queueFull) { try await pool.run { 3 } }
        #expect(pool.stats.rejected == 1 && pool.stats.busy == 1)
        gate.open(1)
        #expect(try await running.value == 1)
        #expect(try await queued.value == 2)
        await pool.drain()
    }

    @Test func zeroQueueRefusesWhenAllWorkersAreBusy() async throws {
        let pool = WorkerPool(workers: 1, queueSize: 0, jobTimeout: .seconds(30))
        let gate = Gate()
        let started = StartSignals()
        let running = Task { try await pool.run { started.signal(); gate.wait() } }
        await started.wait(for: 1)
        await #expect(throws: WorkerPoolError.queueFull) { try await pool.run { 3 } }
        gate.open(1)
        try await running.value
        #expect(try await pool.run { 4 } == 4)
        await pool.drain()
    }

    @Test func slowJobTimesOutAndItsResultIsDropped() async throws {
        let pool = WorkerPool(workers: 1, queueSize: 4, jobTimeout: .milliseconds(50))
        let gate = Gate()
        await #expect(throws: WorkerPoolError.timedOut) { try await pool.run { gate.wait(); return 1 } }
        #expect(pool.stats.busy == 1) // the job still holds its worker
        gate.open(1)
        await pool.drain()
        #expect(pool.stats.timedOut == 1 && pool.stats.completed == 1)
    }

    @Test func jobStillQueuedAtItsDeadlineNeverRuns() async throws {
        let pool = WorkerPool(workers: 1, queueSize: 4, jobTimeout: .milliseconds(50))
        let gate = Gate()
        let ran = Tally()
        let started = StartSignals()
        let blocker = Task { try await pool.run { started.signal(); gate.wait() } }
        await started.wait(for: 1)
        await #expect(throws: WorkerPoolError.timedOut) { try await pool.run { ran.enter() } }
        #expect(pool.stats.queued == 0)
        await #expect(throws: WorkerPoolError.timedOut) { try await blocker.value }
        gate.open(1)
        await pool.drain()
        #expect(ran.total == 0)
        #expect(pool.stats.timedOut == 2 && pool.stats.completed == 1)
    }

    @Test func drainWaitsForRunningAndQueuedJobs() async throws {
        let pool = WorkerPool(workers: 2, queueSize: 10, jobTimeout: .seconds(30))
        let gate = Gate()
        let started = StartSignals()
        let jobs = (0..<4).map { index in Task { try await pool.run { started.signal(); gate.wait(); return index } } }
        await started.wait(for: 2)
        try await WorkerPoolTestSupport.eventually { pool.stats.queued == 2 }
        let drained = Tally()
        let draining = Task {
            await pool.drain()
            drained.enter()
        }
        try await WorkerPoolTestSupport.eventually { pool.state == .draining }
        await #expect(throws: WorkerPoolError.notRunning) { try await pool.run { 0 } }
        #expect(drained.total == 0 && pool.stats.busy == 2 && pool.stats.queued == 2)
        gate.open(4)
        await draining.value
        #expect(drained.total == 1 && pool.state == .stopped)
        var results: [Int] = []
        for job in jobs { results.append(try await job.value) }
        #expect(results == [0, 1, 2, 3])
        #expect(pool.stats.completed == 4 && pool.stats.rejected == 1)
        await #expect(throws: WorkerPoolError.notRunning) { try await pool.run { 0 } }
        await pool.drain() // again: returns at once
    }

    @Test func idlePoolDrainsAtOnce() async {
        let pool = WorkerPool(workers: 3, queueSize: 0, jobTimeout: .seconds(1))
        #expect(pool.state == .running)
        await pool.drain()
        #expect(pool.state == .stopped)
        #expect(pool.stats == WorkerPoolStats(
            state: .stopped, workers: 3, busy: 0, queued: 0, completed: 0, failed: 0, rejected: 0, timedOut: 0, cancelled: 0))
    }

    @Test func neverMoreThanWorkersJobsAtOnce() async throws {
        let pool = WorkerPool(workers: 3, queueSize: 20, jobTimeout: .seconds(30))
        let gate = Gate()
        let started = StartSignals()
        let tally = Tally()
        let jobs = (0..<12).map { _ in
            Task {
                try await pool.run {
                    tally.enter()
                    started.signal()
                    gate.wait()
                    tally.leave()
                }
            }
        }
        await started.wait(for: 3)
        try await WorkerPoolTestSupport.eventually { pool.stats.queued == 9 }
        #expect(pool.stats.busy == 3 && tally.highest == 3)
        gate.open(12)
        for job in jobs { try await job.value }
        #expect(tally.highest == 3 && tally.total == 12)
        await pool.drain()
        #expect(pool.stats.completed == 12)
    }
}
