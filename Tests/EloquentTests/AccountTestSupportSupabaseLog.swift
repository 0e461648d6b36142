import Synchronization

/// The calls the Supabase stand-in received, and the status it answers with.
final class AccountSupabaseLog: Sendable {
    private let state = Mutex<(calls: [AccountSupabaseCall], status: Int)>(([], 200))

    /// Records `call`; returns the status to answer with.
    func record(_ call: AccountSupabaseCall) -> Int {
        state.withLock { state in
            state.calls.append(call)
            return state.status
        }
    }

    var calls: [AccountSupabaseCall] { state.withLock { $0.calls } }

    func answer(with status: Int) { state.withLock { $0.status = status } }
}
