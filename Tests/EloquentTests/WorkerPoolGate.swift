import Dispatch

/// A barrier that jobs block on (on worker threads, never on the test's tasks) until the
/// test opens it.
final class Gate: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)

    /// Blocks the calling worker thread until a permit is available.
    func wait() { semaphore.wait() }

    /// Lets `count` waiters (present or future) through.
    func open(_ count: Int) {
        for _ in 0..<count { semaphore.signal() }
    }
}
