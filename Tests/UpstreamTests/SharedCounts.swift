import Synchronization

/// The server's counters, shared between its loop and the tests.
final class SharedCounts: Sendable {
    let state = Mutex(TestServer.Counts())
}
