import UVCore

/// At most `size` connections to one database, all driven by one event loop. A caller takes a
/// connection for one operation and gives it back; when all are taken, callers wait in order.
/// A connection that broke (or was left inside a transaction) is discarded, and the next caller
/// opens a new one, so the pool heals by itself when the server comes back. When a new connection
/// cannot be opened, the callers waiting at that moment fail at once with the same reason.
///
/// `@unchecked Sendable`: every stored property but the constants is touched only on `loop`.
final class PostgresPool: @unchecked Sendable {
    let loop: EventLoop
    let size: Int
    private let url: String
    private let connectTimeout: Duration
    private var idle: [PostgresConnection] = []
    /// Connections open or being opened, idle or taken.
    private var open = 0
    private var waiters: [(operation: String, continuation: CheckedContinuation<PostgresConnection, any Error>)] = []
    private var closed = false

    init(url: String, size: Int, connectTimeout: Duration, loop: EventLoop) {
        self.url = url
        self.size = max(1, size)
        self.connectTimeout = connectTimeout
        self.loop = loop
    }

    /// A pool to the same database with the same settings, driven by `loop`.
    func sibling(on loop: EventLoop, size: Int) -> PostgresPool {
        PostgresPool(url: url, size: size, connectTimeout: connectTimeout, loop: loop)
    }

    /// Runs `body` with a connection of its own; the connection goes back to the pool afterwards.
    func withConnection<T: Sendable>(_ operation: String, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        let connection = try await acquire(operation)
        do {
            let value = try await body(connection)
            release(connection)
            return value
        } catch {
            release(connection)
            throw error
        }
    }

    /// Closes every connection; later calls throw `StorageError.closed`. Call once nothing is in flight.
    func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            loop.execute { [self] in
                closeNow()
                continuation.resume()
            }
        }
    }

    /// `close()` on the loop thread: idle connections close now, taken ones when they come back, waiters fail.
    func closeNow() {
        loop.assertInEventLoop()
        closed = true
        for connection in idle { connection.close() }
        open -= idle.count
        idle.removeAll()
        for waiter in waiters { waiter.continuation.resume(throwing: StorageError.closed(operation: waiter.operation)) }
        waiters.removeAll()
    }

    private func acquire(_ operation: String) async throws -> PostgresConnection {
        try await withCheckedThrowingContinuation { continuation in
            loop.execute { [self] in
                if closed { return continuation.resume(throwing: StorageError.closed(operation: operation)) }
                waiters.append((operation, continuation))
                serveWaiters()
            }
        }
    }

    private func release(_ connection: PostgresConnection) {
        loop.execute { [self] in
            if closed || connection.isBroken || connection.isInTransaction {
                connection.close()
                open -= 1
            } else {
                idle.append(connection)
                connection.watchWhileIdle { [weak self, weak connection] in
                    guard let self, let connection else { return }
                    discardIdle(connection)
                }
            }
            serveWaiters()
        }
    }

    private func discardIdle(_ connection: PostgresConnection) {
        guard let index = idle.firstIndex(where: { $0 === connection }) else { return }
        idle.remove(at: index)
        connection.close()
        open -= 1
    }

    /// The server could not be reached: callers already waiting fail at once with the same
    /// reason instead of each waiting out a connection attempt of its own.
    private func failWaiters(after error: any Error) {
        guard case let .unavailable(_, message) = error as? StorageError else { return serveWaiters() }
        let failed = waiters
        waiters.removeAll()
        for waiter in failed {
            waiter.continuation.resume(throwing: StorageError.unavailable(operation: waiter.operation, message: message))
        }
    }

    /// Hands idle connections to waiters in order, and opens new ones while under `size`.
    private func serveWaiters() {
        while !waiters.isEmpty {
            if let connection = idle.popLast() {
                waiters.removeFirst().continuation.resume(returning: connection)
            } else if open < size {
                open += 1
                let waiter = waiters.removeFirst()
                // Opened on this loop with callbacks: no task of Swift's shared pool is needed (it may be busy).
                PostgresConnection.connect(url: url, loop: loop, timeout: connectTimeout, operation: waiter.operation) {
                    [self] result in
                    switch result {
                    case .success(let connection):
                        waiter.continuation.resume(returning: connection)
                    case .failure(let error):
                        waiter.continuation.resume(throwing: error)
                        loop.execute { [self] in  // later: this may run inside `serveWaiters` (a failure at once)
                            open -= 1
                            failWaiters(after: error)
                        }
                    }
                }
            } else {
                return
            }
        }
    }
}
