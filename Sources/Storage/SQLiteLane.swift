import Dispatch

/// A serial Dispatch queue that owns one `SQLiteConnection`. Every blocking SQLite call runs on
/// the queue, never on the caller's thread (which may be an event loop); callers await the result.
///
/// `@unchecked Sendable`: `connection` is read and written only on `queue`.
final class SQLiteLane: @unchecked Sendable {
    private let queue: DispatchQueue
    private var connection: SQLiteConnection?

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    /// Opens the lane's connection on its queue with `makeConnection`.
    func open(_ makeConnection: @escaping @Sendable () throws -> SQLiteConnection) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            queue.async {
                continuation.resume(with: Result {
                    precondition(self.connection == nil, "SQLiteLane opened twice")
                    self.connection = try makeConnection()
                })
            }
        }
    }

    /// Runs `body` with the connection on the lane's queue.
    func perform<T: Sendable>(
        _ operation: String, _ body: @escaping @Sendable (SQLiteConnection) throws -> T
    ) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            queue.async {
                guard let connection = self.connection else {
                    continuation.resume(throwing: StorageError.closed(operation: operation))
                    return
                }
                continuation.resume(with: Result { try body(connection) })
            }
        }
    }

    /// Closes the connection after the work already queued; later calls throw `StorageError.closed`.
    func close() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            queue.async {
                let connection = self.connection
                self.connection = nil
                continuation.resume(with: Result { try connection?.close() })
            }
        }
    }
}
