import Synchronization

/// The meeting point of one `run` call and its job: whichever comes first — the result,
/// the timeout or cancellation — resumes the caller, exactly once; the others find the
/// ticket done. A job whose ticket is done before a worker picks it up is never run.
final class WorkerJobTicket<Value: Sendable>: Sendable {
    private enum State {
        case idle
        case cancelledEarly
        case waiting(CheckedContinuation<Value, any Error>)
        case running(CheckedContinuation<Value, any Error>)
        case done
    }

    private let state = Mutex<State>(.idle)

    /// Stores the caller's continuation; false (and the caller resumed with `.cancelled`)
    /// when the task was cancelled before this point.
    func install(_ continuation: CheckedContinuation<Value, any Error>) -> Bool {
        let installed = state.withLock { state -> Bool in
            guard case .idle = state else {
                state = .done
                return false
            }
            state = .waiting(continuation)
            return true
        }
        if !installed { continuation.resume(throwing: WorkerPoolError.cancelled) }
        return installed
    }

    /// Called by the worker before running the job; false when the caller is gone.
    func begin() -> Bool {
        state.withLock { state in
            guard case .waiting(let continuation) = state else { return false }
            state = .running(continuation)
            return true
        }
    }

    /// Resumes the caller with `result` unless it was resumed already; true if it did.
    @discardableResult
    func finish(_ result: Result<Value, any Error>) -> Bool {
        let continuation = state.withLock { state -> CheckedContinuation<Value, any Error>? in
            switch state {
            case .waiting(let continuation), .running(let continuation):
                state = .done
                return continuation
            case .idle, .cancelledEarly, .done:
                return nil
            }
        }
        continuation?.resume(with: result)
        return continuation != nil
    }

    /// Cancellation: resumes a waiting caller with `.cancelled` (true), or marks a ticket not
    /// yet installed so that `install` refuses it (false).
    func cancel() -> Bool {
        let wasIdle = state.withLock { state -> Bool in
            guard case .idle = state else { return false }
            state = .cancelledEarly
            return true
        }
        return wasIdle ? false : finish(.failure(WorkerPoolError.cancelled))
    }
}
