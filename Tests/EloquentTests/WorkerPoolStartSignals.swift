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
