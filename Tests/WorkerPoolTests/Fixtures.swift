import Dispatch
import Synchronization

enum WorkerPoolTestSupport {
    /// Suspends (without blocking a thread) until `condition` holds.
    static func eventually(_ condition: () -> Bool) async throws {
        while !condition() { try await Task.sleep(for: .milliseconds(1)) }
    }
}

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

/// Signals from jobs that they have started, awaited by the test.
final class StartSignals: Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream()
    }

    func signal() { continuation.yield() }

    /// Returns after `count` more signals.
    func wait(for count: Int) async {
        var iterator = stream.makeAsyncIterator()
        for _ in 0..<count { _ = await iterator.next() }
    }
}

/// A counter shared between jobs and the test, remembering its highest value.
final class Tally: Sendable {
    private let value = Mutex((current: 0, highest: 0, total: 0))

    func enter() {
        value.withLock {
            $0.current += 1
            $0.total += 1
            $0.highest = max($0.highest, $0.current)
        }
    }

    func leave() { value.withLock { $0.current -= 1 } }

    var highest: Int { value.withLock { $0.highest } }
    var total: Int { value.withLock { $0.total } }
}
