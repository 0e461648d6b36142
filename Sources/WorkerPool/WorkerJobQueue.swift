/// The pool's FIFO of waiting jobs, with removal by id in O(1) (for cancellation and
/// timeouts). Removed ids stay in `order` until popped or compacted away.
struct WorkerJobQueue: Sendable {
    private var order: [UInt64] = []
    private var head = 0
    private var jobs: [UInt64: WorkerJob] = [:]

    var count: Int { jobs.count }
    var isEmpty: Bool { jobs.isEmpty }

    mutating func append(_ job: WorkerJob) {
        order.append(job.id)
        jobs[job.id] = job
    }

    /// The oldest job still waiting.
    mutating func popFirst() -> WorkerJob? {
        while head < order.count {
            let id = order[head]
            head += 1
            if let job = jobs.removeValue(forKey: id) {
                compactIfNeeded()
                return job
            }
        }
        compactIfNeeded()
        return nil
    }

    /// Removes the job `id`; false when it is not waiting (never queued, or already taken).
    mutating func remove(id: UInt64) -> Bool {
        guard jobs.removeValue(forKey: id) != nil else { return false }
        compactIfNeeded()
        return true
    }

    private mutating func compactIfNeeded() {
        if jobs.isEmpty {
            order.removeAll(keepingCapacity: true)
            head = 0
        } else if order.count - head > 2 * jobs.count + 64 {
            order = order[head...].filter { jobs[$0] != nil }
            head = 0
        } else if head > 64, head * 2 > order.count {
            order.removeFirst(head)
            head = 0
        }
    }
}
