import HTTP1
import Synchronization
@testable import HTTPServer

/// A `next` responder that counts its calls and remembers the last request it saw.
final class StackRecordingNext: Sendable {
    private let state = Mutex<(calls: Int, last: Request?)>((0, nil))
    private let answer: @Sendable (Request) async throws -> Response

    init(_ answer: @escaping @Sendable (Request) async throws -> Response = { _ in .text("ok") }) {
        self.answer = answer
    }

    var calls: Int { state.withLock { $0.calls } }
    var lastRequest: Request? { state.withLock { $0.last } }

    var responder: ClosureResponder {
        ClosureResponder { request in
            self.state.withLock { $0 = ($0.calls + 1, request) }
            return try await self.answer(request)
        }
    }
}
