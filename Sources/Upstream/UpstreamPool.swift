public import UVCore
import Synchronization

/// A pool of outbound HTTP(S) connections to one service, driven by libcurl's multi interface on one event loop.
/// Connections are reused (HTTP/2 streams where the server offers HTTP/2 over TLS), limited per host, and closed
/// after `idleTimeout`. `send` may be called from any thread or task; the transfer itself runs on `loop`.
/// Call `shutdown()` before the loop stops.
public final class UpstreamPool: Sendable {
    public let configuration: Configuration
    public let loop: EventLoop
    private let driver: MultiDriver
    private let counters: PoolCounters
    /// Set by `shutdown`: later calls fail at once instead of waiting on a loop that may have stopped.
    private let closed = Atomic<Bool>(false)

    public var name: String { configuration.name }

    /// Creates the pool on `loop` (any thread may call this). libcurl is loaded, and the pool's multi handle made,
    /// by the first request: a failure there fails that request (and every later one) with its reason.
    public init(_ configuration: Configuration, loop: EventLoop) {
        self.configuration = configuration
        self.loop = loop
        counters = PoolCounters(pool: configuration.name)
        driver = MultiDriver(configuration: configuration, loop: loop, counters: counters)
    }

    /// Sends `request` and waits for the whole response. Cancelling the calling task aborts the transfer (its
    /// connection is closed) and throws `.cancelled`.
    public func send(_ request: UpstreamRequest) async throws(UpstreamError) -> UpstreamResponse {
        if closed.load(ordering: .acquiring) {
            counters.update { $0.totalRequests += 1; $0.errors[.cancelled, default: 0] += 1 }
            throw UpstreamError(.cancelled, pool: name, host: request.host)
        }
        let transfer = Transfer(request: request, maxResponseBytes: configuration.maxResponseBytes)
        let driver = driver
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Transfer.Outcome, Never>) in
                driver.loop.execute { driver.start(transfer, continuation) }
            }
        } onCancel: {
            driver.loop.execute { driver.cancel(transfer) }
        }
        return try outcome.get()
    }

    /// Sends `request` and returns as soon as the response's head and first body bytes arrived; the body follows on
    /// the returned response's `body` as the server sends it (server-sent events, long answers). Ending the body's
    /// iteration early, or cancelling the iterating task, aborts the transfer. A failure before the head throws; a
    /// failure after it ends `body` with the error.
    public func stream(_ request: UpstreamRequest) async throws(UpstreamError) -> UpstreamStreamResponse {
        if closed.load(ordering: .acquiring) {
            counters.update { $0.totalRequests += 1; $0.errors[.cancelled, default: 0] += 1 }
            throw UpstreamError(.cancelled, pool: name, host: request.host)
        }
        let transfer = Transfer(request: request, maxResponseBytes: configuration.maxResponseBytes)
        let (body, sink) = AsyncThrowingStream<[UInt8], any Error>.makeStream(bufferingPolicy: .unbounded)
        transfer.bodyStream = sink
        let driver = driver
        sink.onTermination = { termination in
            if case .cancelled = termination { driver.loop.execute { driver.cancel(transfer) } }
        }
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Transfer.Outcome, Never>) in
                driver.loop.execute { driver.start(transfer, continuation) }
            }
        } onCancel: {
            driver.loop.execute { driver.cancel(transfer) }
        }
        let head = try outcome.get()
        return UpstreamStreamResponse(status: head.status, headers: head.headers, body: body)
    }

    /// The pool's figures now.
    public func stats() -> UpstreamStats { counters.snapshot() }

    /// Aborts every transfer in flight (they throw `.cancelled`), closes every connection, watcher and timer. Later
    /// calls to `send` throw `.cancelled`. Returns once done; the loop may then stop with no handle left open.
    public func shutdown() async {
        closed.store(true, ordering: .releasing)
        let driver = driver
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            driver.loop.execute {
                driver.shutdown()
                continuation.resume()
            }
        }
    }
}
