internal import CLibUV
internal import Glibc
import Synchronization
import Dispatch

/// A unit of work for the loop: a Swift job or a closure.
enum LoopWork: @unchecked Sendable {
    case job(UnownedJob)
    case closure(@Sendable () -> Void)
}

extension EventLoop: SerialExecutor, TaskExecutor {
    public func enqueue(_ job: consuming ExecutorJob) {
        schedule(.job(UnownedJob(job)))
    }

    public func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    public func checkIsolated() {
        precondition(inEventLoop, "expected to run on event loop \(name)")
    }

    func schedule(_ work: LoopWork) {
        if inEventLoop {
            local.append(work)
        } else {
            remote.withLock { queue in
                if queue.closed {
                    diagnostic("work scheduled on stopped event loop \(name) was dropped")
                    return
                }
                queue.items.append(work)
                wakeLocked(&queue)
            }
        }
    }

    /// Runs all queued work. Work queued while draining runs in the same pass, up to a bound, after which the loop is
    /// woken again so that I/O is never starved by tasks that keep rescheduling themselves.
    func drain() {
        var rounds = 0
        while true {
            swap(&local, &spare)
            remote.withLock { queue in
                if !queue.items.isEmpty {
                    spare.append(contentsOf: queue.items)
                    queue.items.removeAll(keepingCapacity: true)
                }
            }
            if spare.isEmpty { return }
            for work in spare {
                switch work {
                case .job(let job):
                    job.runSynchronously(isolatedTo: asUnownedSerialExecutor(), taskExecutor: asUnownedTaskExecutor())
                case .closure(let body):
                    body()
                }
            }
            spare.removeAll(keepingCapacity: true)
            rounds += 1
            if rounds >= 64 {
                if !local.isEmpty { remote.withLock { wakeLocked(&$0) } }
                return
            }
        }
    }
}

extension EventLoop {
    /// Runs `body` on the loop thread and waits for its result. For setup from another thread only (it blocks).
    public func submitAndWait<T: Sendable>(_ body: @escaping @Sendable () throws -> T) throws -> T {
        precondition(!inEventLoop, "submitAndWait would deadlock on its own loop")
        let done = DispatchSemaphore(value: 0)
        let result = Mutex<Result<T, any Error>?>(nil)
        execute {
            let outcome = Result { try body() }
            result.withLock { $0 = outcome }
            done.signal()
        }
        done.wait()
        return try result.withLock { $0! }.get()
    }
}
