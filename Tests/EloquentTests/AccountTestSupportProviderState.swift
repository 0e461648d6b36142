import Synchronization

/// What the provider stand-in is told to answer, and how many transcription requests it received.
final class AccountProviderState: Sendable {
    private let value = Mutex<(duration: Double, failStatus: Int?, calls: Int)>((90, nil, 0))

    /// Counts a request and returns the answer to give: the transcript's duration, or a failure status.
    func take() -> (duration: Double, failStatus: Int?) {
        value.withLock { state in
            state.calls += 1
            return (state.duration, state.failStatus)
        }
    }

    var calls: Int { value.withLock { $0.calls } }

    func fail(with status: Int?) { value.withLock { $0.failStatus = status } }
}
