import CHiredis
import Synchronization
import UVCore

/// One Redis connection in subscribed mode (`SUBSCRIBE channel`) through hiredis' asynchronous API, on a libuv loop of
/// its own driven by `FDWatcher`, as `RedisClient` is. A subscribed connection can run no other command, hence its own
/// connection (and loop: it closes independently of the client's).
///
/// When the connection cannot be made or drops (Redis restarted, unreachable), it is made again by itself after a
/// backoff (doubling from `minimumBackoff` to `maximumBackoff`, reset by a confirmed subscription). The handlers run on
/// the loop thread and must be quick:
/// - `message` gets every message's payload on the channel;
/// - `subscribed` is called each time Redis confirms the subscription, with `true` when a connection failed or dropped
///   before it (since the start or the last confirmation): messages may have been missed;
/// - `lost` is called on each failed or dropped connection, with a reason.
final class RedisSubscriber: @unchecked Sendable {
    struct Handlers: Sendable {
        var message: @Sendable (String) -> Void
        var subscribed: @Sendable (_ afterLoss: Bool) -> Void
        var lost: @Sendable (_ reason: String) -> Void
    }

    let endpoint: RedisEndpoint
    let channel: String
    let loop: EventLoop
    private let handlers: Handlers
    private let minimumBackoffMs: UInt64
    private let maximumBackoffMs: UInt64
    private let closing = Mutex<Bool?>(nil)  // nil: open; then whether the loop closed with no leaked handle
    // Loop-thread state.
    private var link: HiredisConnection?
    private var timer: LoopTimer?
    private var backoffMs: UInt64
    private var missed = false
    private var closed = false

    init(endpoint: RedisEndpoint, channel: String, minimumBackoff: Duration = .milliseconds(100),
         maximumBackoff: Duration = .seconds(2), handlers: Handlers) throws {
        self.endpoint = endpoint
        self.channel = channel
        self.handlers = handlers
        minimumBackoffMs = max(1, Self.milliseconds(minimumBackoff))
        maximumBackoffMs = max(minimumBackoffMs, Self.milliseconds(maximumBackoff))
        backoffMs = minimumBackoffMs
        loop = try EventLoop(name: "eloquent.redis.subscribe")
        loop.start()
        do {
            try loop.submitAndWait { [self] in
                timer = try LoopTimer(loop: loop)
                connect()
            }
        } catch {
            loop.stop()
            loop.join()
            throw error
        }
    }

    static func milliseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        return UInt64(max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000))
    }

    /// Drops the subscription and stops the loop thread; returns whether the loop closed with no leaked handle.
    /// Safe to call more than once (later calls return the first one's result).
    @discardableResult
    func close() -> Bool {
        let first = closing.withLock { state -> Bool in
            guard state == nil else { return false }
            state = false
            return true
        }
        guard first else {
            loop.join()
            return closing.withLock { $0 ?? false }
        }
        loop.execute { [self] in
            closed = true
            timer?.close()
            timer = nil
            link?.free()
            loop.stop()
        }
        let clean = loop.join() == 0
        closing.withLock { $0 = clean }
        return clean
    }

    // MARK: - Loop thread

    private func connect() {
        guard !closed, link == nil else { return }
        let opened: HiredisConnection
        switch HiredisConnection.open(endpoint, on: loop, keepAlive: true, ended: { [unowned self] _ in connectionGone() }) {
        case .failure(let failure): return failed(failure.message)
        case .success(let connection): opened = connection
        }
        link = opened
        // AUTH's reply goes to no callback; a refused AUTH makes SUBSCRIBE fail, and hiredis then drops the connection.
        if let password = endpoint.password, !opened.queue(["AUTH", password]) { return opened.freeSoon() }
        // The callback stays registered for the channel: it gets the confirmation, then every message, and a NULL
        // reply when the context is freed. `self` outlives the context (`close` frees it before the loop ends).
        let rc = RedisClient.withArgv(["SUBSCRIBE", channel]) { argc, argv, lengths in
            redisAsyncCommandArgv(opened.context, { _, reply, privdata in
                guard let reply, let privdata else { return }
                Unmanaged<RedisSubscriber>.fromOpaque(privdata).takeUnretainedValue()
                    .received(RedisValue(reply.assumingMemoryBound(to: redisReply.self)))
            }, Unmanaged.passUnretained(self).toOpaque(), argc, argv, lengths)
        }
        // Freed on the next tick (never inside one of hiredis' own calls); its end then retries.
        if rc != REDIS_OK { opened.freeSoon() }
    }

    private func received(_ value: RedisValue) {
        guard case .array(let parts) = value, parts.count == 3, case .string(let kind) = parts[0] else { return }
        switch kind {
        case "message":
            if case .string(let payload) = parts[2] { handlers.message(payload) }
        case "subscribe":
            backoffMs = minimumBackoffMs
            let afterLoss = missed
            missed = false
            handlers.subscribed(afterLoss)
        default:
            break
        }
    }

    /// A connection could not be made, or was lost: try again after the backoff.
    private func failed(_ reason: String) {
        guard !closed else { return }
        missed = true
        handlers.lost(reason)
        timer?.start(timeoutMs: backoffMs) { [unowned self] in connect() }
        backoffMs = min(backoffMs * 2, maximumBackoffMs)
    }

    /// The connection's context is being freed (a failed connect, an error, EOF, a refused AUTH or our own free).
    private func connectionGone() {
        link = nil
        failed("connection lost")
    }
}
