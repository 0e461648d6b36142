import Dispatch
import Synchronization

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
