import Synchronization

/// The stand-in provider's shared state: how to answer, what was received, what was cancelled.
final class StandInLog: Sendable {
    private struct State {
        var reply = StandInReply.transcript(TranscriptionLive.transcript)
        var chat = StandInChat.missing
        var records: [StandInRecord] = []
        var waiting = 0
        var cancelled = 0
        var released = false
    }

    let key: String
    private let state = Mutex(State())

    init(key: String) { self.key = key }

    var reply: StandInReply {
        get { state.withLock { $0.reply } }
        set { state.withLock { $0.reply = newValue } }
    }

    var chat: StandInChat {
        get { state.withLock { $0.chat } }
        set { state.withLock { $0.chat = newValue } }
    }

    var records: [StandInRecord] { state.withLock { $0.records } }
    var cancelledCount: Int { state.withLock { $0.cancelled } }
    var waitingCount: Int { state.withLock { $0.waiting } }
    var isReleased: Bool { state.withLock { $0.released } }

    func append(_ record: StandInRecord) { state.withLock { $0.records.append(record) } }
    func release() { state.withLock { $0.released = true } }

    /// Runs `wait` (the delay before answering), counting the request as cancelled when its task is cancelled
    /// meanwhile: the stand-in's server cancels a handler when the caller closes the connection.
    func observingCancellation(_ wait: () async throws -> Void) async throws {
        state.withLock { $0.waiting += 1 }
        do {
            try await wait()
            try Task.checkCancellation()
        } catch is CancellationError {
            state.withLock { $0.cancelled += 1 }
            throw CancellationError()
        }
    }
}
