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
    private var context: UnsafeMutablePointer<redisAsyncContext>?
    private var watcher: FDWatcher?
    private var wanted: FDWatcher.Events = []
    private var timer: LoopTimer?
    private var backoffMs: UInt64
    private var missed = false
    private var closed = false
    /// Counts connections made, so that a drop scheduled for one never frees the next.
    private var generation = 0

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
            if let context { redisAsyncFree(context) }  // the cleanup hook closes the watcher
            loop.stop()
        }
        let clean = loop.join() == 0
        closing.withLock { $0 = clean }
        return clean
    }

    // MARK: - Loop thread

    private func connect() {
        guard !closed, context == nil else { return }
        guard let context = redisAsyncConnect(endpoint.host, Int32(endpoint.port)) else {
            return failed("redisAsyncConnect failed")
        }
        if context.pointee.err != 0 {
            let message = context.pointee.errstr.map { String(cString: $0) } ?? "connect failed"
            redisAsyncFree(context)
            return failed(message)
        }
        let connection = UnsafeMutableRawPointer(context).advanced(by: MemoryLayout<redisAsyncContext>.offset(of: \.c)!)
            .assumingMemoryBound(to: redisContext.self)
        if redisEnableKeepAlive(connection) != REDIS_OK {  // a peer gone silently is noticed in about a minute
            redisAsyncFree(context)
            return failed("cannot enable TCP keepalive")
        }
        do {
            watcher = try FDWatcher(loop: loop, fd: context.pointee.c.fd)
        } catch {
            redisAsyncFree(context)
            return failed("cannot watch the socket: \(error)")
        }
        wanted = []
        self.context = context
        generation += 1
        // From here on a failure frees the context through hiredis, whose cleanup hook (`connectionGone`) retries.
        context.pointee.ev.data = Unmanaged.passUnretained(self).toOpaque()
        context.pointee.ev.addRead = { RedisSubscriber.subscriber($0).want(.readable, true) }
        context.pointee.ev.delRead = { RedisSubscriber.subscriber($0).want(.readable, false) }
        context.pointee.ev.addWrite = { RedisSubscriber.subscriber($0).want(.writable, true) }
        context.pointee.ev.delWrite = { RedisSubscriber.subscriber($0).want(.writable, false) }
        context.pointee.ev.cleanup = { RedisSubscriber.subscriber($0).connectionGone() }
        // AUTH's reply goes to no callback; a refused AUTH makes SUBSCRIBE fail, and hiredis then drops the connection.
        if let password = endpoint.password {
            let rc = RedisClient.withArgv(["AUTH", password]) { argc, argv, lengths in
                redisAsyncCommandArgv(context, nil, nil, argc, argv, lengths)
            }
            if rc != REDIS_OK { return drop() }
        }
        // The callback stays registered for the channel: it gets the confirmation, then every message, and a NULL
        // reply when the context is freed. `self` outlives the context (`close` frees it before the loop ends).
        let rc = RedisClient.withArgv(["SUBSCRIBE", channel]) { argc, argv, lengths in
            redisAsyncCommandArgv(context, { _, reply, privdata in
                guard let reply, let privdata else { return }
                Unmanaged<RedisSubscriber>.fromOpaque(privdata).takeUnretainedValue()
                    .received(RedisValue(reply.assumingMemoryBound(to: redisReply.self)))
            }, Unmanaged.passUnretained(self).toOpaque(), argc, argv, lengths)
        }
        if rc != REDIS_OK { return drop() }
    }

    /// Frees the present connection on the next tick (never inside one of hiredis' own calls); the cleanup hook then
    /// retries.
    private func drop() {
        let doomed = generation
        loop.execute { [self] in
            if let context, generation == doomed { redisAsyncFree(context) }
        }
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

    private static func subscriber(_ data: UnsafeMutableRawPointer?) -> RedisSubscriber {
        Unmanaged<RedisSubscriber>.fromOpaque(data!).takeUnretainedValue()
    }

    private func want(_ event: FDWatcher.Events, _ on: Bool) {
        if on { wanted.insert(event) } else { wanted.remove(event) }
        guard let watcher, !watcher.isClosed else { return }
        if wanted.isEmpty { return watcher.stop() }
        do {
            try watcher.start(wanted) { [unowned self] events, error in ready(events, failed: error != nil) }
        } catch {
            // Nothing would ever be read: drop the connection (and retry) on the next tick.
            if context != nil { drop() }
        }
    }

    private func ready(_ events: FDWatcher.Events, failed: Bool) {
        if let context, failed || events.contains(.readable) { redisAsyncHandleRead(context) }
        if let context, events.contains(.writable) { redisAsyncHandleWrite(context) }
    }

    /// hiredis' cleanup hook: the context is being freed (error, EOF, refused AUTH or our own free).
    private func connectionGone() {
        watcher?.close()
        watcher = nil
        wanted = []
        let hadContext = context != nil
        context = nil
        if hadContext { failed("connection lost") }
    }
}
