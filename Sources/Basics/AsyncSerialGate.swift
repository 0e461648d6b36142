import Synchronization

/// An asynchronous mutual-exclusion gate: `acquire` suspends (without blocking a thread) until the holder calls
/// `release`; waiters enter in arrival order. The webhook holds it while it reads a user and writes what follows
/// from the read, so that concurrent deliveries of related events cannot interleave.
package final class AsyncSerialGate: Sendable {
    private struct State: ~Copyable {
        var held = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    package init() {}

    package func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let enterNow = state.withLock { state in
                if !state.held {
                    state.held = true
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if enterNow { continuation.resume() }
        }
    }

    /// Hands the gate to the next waiter, or opens it.
    package func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiters.isEmpty {
                state.held = false
                return nil
            }
            return state.waiters.removeFirst()
        }
        next?.resume()
    }
}
