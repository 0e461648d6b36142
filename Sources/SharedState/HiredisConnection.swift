import CHiredis
import UVCore

/// One hiredis asynchronous connection driven on a libuv loop: hiredis' event hooks start and stop an `FDWatcher` on
/// the context's socket, and the watcher's events go back to hiredis. Shared by `RedisClient` (commands) and
/// `RedisSubscriber` (a subscribed connection). Loop thread only.
///
/// `ended` runs from hiredis' cleanup hook, as the context is freed (a failed connect, an error, EOF, or `free()`);
/// from then on `context` is nil and the object is spent: a new connection is a new object.
final class HiredisConnection: @unchecked Sendable {  // touched on its loop thread only
    enum Ending {
        /// The TCP connect failed, or the socket could not be watched: nothing was ever exchanged.
        case failed
        /// The connection was up and went away (EOF, an error, a refused command, or `free()`).
        case dropped
    }

    let loop: EventLoop
    private(set) var context: UnsafeMutablePointer<redisAsyncContext>?
    private var watcher: FDWatcher?
    private var wanted: FDWatcher.Events = []
    private var connected = false
    private var unwatchable = false
    private let ended: (Ending) -> Void

    private init(loop: EventLoop, context: UnsafeMutablePointer<redisAsyncContext>, watcher: FDWatcher,
                 ended: @escaping (Ending) -> Void) {
        self.loop = loop
        self.context = context
        self.watcher = watcher
        self.ended = ended
    }

    /// Starts connecting to `endpoint`; hiredis queues commands until the connection is up. The reason when no
    /// connection could be started (then nothing is left allocated and `ended` never runs).
    static func open(_ endpoint: RedisEndpoint, on loop: EventLoop, keepAlive: Bool = false,
                     ended: @escaping (Ending) -> Void) -> Result<HiredisConnection, HiredisOpenFailure> {
        guard let context = redisAsyncConnect(endpoint.host, Int32(endpoint.port)) else {
            return .failure(HiredisOpenFailure(message: "redisAsyncConnect failed"))
        }
        if context.pointee.err != 0 {
            let message = context.pointee.errstr.map { String(cString: $0) } ?? "connect failed"
            redisAsyncFree(context)
            return .failure(HiredisOpenFailure(message: message))
        }
        if keepAlive {
            // A peer gone silently is noticed in about a minute.
            let socket = UnsafeMutableRawPointer(context).advanced(by: MemoryLayout<redisAsyncContext>.offset(of: \.c)!)
                .assumingMemoryBound(to: redisContext.self)
            if redisEnableKeepAlive(socket) != REDIS_OK {
                redisAsyncFree(context)
                return .failure(HiredisOpenFailure(message: "cannot enable TCP keepalive"))
            }
        }
        let watcher: FDWatcher
        do {
            watcher = try FDWatcher(loop: loop, fd: context.pointee.c.fd)
        } catch {
            redisAsyncFree(context)
            return .failure(HiredisOpenFailure(message: "cannot watch the socket: \(error)"))
        }
        let connection = HiredisConnection(loop: loop, context: context, watcher: watcher, ended: ended)
        // From here on a failure frees the context through hiredis, whose cleanup hook ends the connection.
        context.pointee.ev.data = Unmanaged.passUnretained(connection).toOpaque()
        context.pointee.ev.addRead = { HiredisConnection.from($0).want(.readable, true) }
        context.pointee.ev.delRead = { HiredisConnection.from($0).want(.readable, false) }
        context.pointee.ev.addWrite = { HiredisConnection.from($0).want(.writable, true) }
        context.pointee.ev.delWrite = { HiredisConnection.from($0).want(.writable, false) }
        context.pointee.ev.cleanup = { HiredisConnection.from($0).gone() }
        _ = redisAsyncSetConnectCallback(context) { context, status in
            guard status == REDIS_OK, let context else { return }
            HiredisConnection.from(context.pointee.ev.data).connected = true
        }
        return .success(connection)
    }

    /// Queues a command whose reply nobody reads (AUTH, SELECT: a refusal shows in the commands after them).
    @discardableResult
    func queue(_ arguments: [String]) -> Bool {
        guard let context else { return false }
        return RedisClient.withArgv(arguments) { argc, argv, lengths in
            redisAsyncCommandArgv(context, nil, nil, argc, argv, lengths)
        } == REDIS_OK
    }

    /// Frees the context now: every command waiting gets a NULL reply, then `ended(.dropped)` runs.
    func free() {
        // The owner lets go of this object from `ended`, inside `redisAsyncFree`: keep it alive until that returns.
        withExtendedLifetime(self) {
            if let context { redisAsyncFree(context) }
        }
    }

    /// Frees the context on the next loop tick (never inside one of hiredis' own calls).
    func freeSoon() {
        loop.execute { [self] in free() }
    }

    private static func from(_ data: UnsafeMutableRawPointer?) -> HiredisConnection {
        Unmanaged<HiredisConnection>.fromOpaque(data!).takeUnretainedValue()
    }

    private func want(_ event: FDWatcher.Events, _ on: Bool) {
        if on { wanted.insert(event) } else { wanted.remove(event) }
        guard let watcher, !watcher.isClosed else { return }
        if wanted.isEmpty { return watcher.stop() }
        do {
            try watcher.start(wanted) { [unowned self] events, error in ready(events, failed: error != nil) }
        } catch {
            // Nothing would ever be read: drop the connection on the next tick.
            unwatchable = true
            freeSoon()
        }
    }

    private func ready(_ events: FDWatcher.Events, failed: Bool) {
        if let context, failed || events.contains(.readable) { redisAsyncHandleRead(context) }
        if let context, events.contains(.writable) { redisAsyncHandleWrite(context) }
    }

    /// hiredis' cleanup hook: the context is being freed.
    private func gone() {
        watcher?.close()
        watcher = nil
        wanted = []
        context = nil
        ended(connected && !unwatchable ? .dropped : .failed)
    }
}

/// Why `HiredisConnection.open` could not start a connection.
struct HiredisOpenFailure: Error {
    let message: String
}
