import CHiredis
import Synchronization
import UVCore

/// One Redis connection (`REDIS_URL`) through **hiredis**' asynchronous API, driven on a libuv loop of its own by
/// `FDWatcher` (hiredis' event hooks start and stop the watcher). Commands are pipelined on the one connection.
///
/// While Redis cannot be reached every command throws `RedisError.unavailable` at once (no reconnection attempt for
/// `retryInterval` after a failure); the next command after that opens a new connection, so the client heals by
/// itself. A command that gets no reply within `commandTimeout` drops the connection, failing every command waiting
/// on it. `close()` before dropping the client: it stops the loop thread.
public final class RedisClient: @unchecked Sendable {
    public let endpoint: RedisEndpoint
    let loop: EventLoop
    let commandTimeoutMs: UInt64
    let retryIntervalMs: UInt64
    // Loop-thread state.
    private var link: HiredisConnection?
    /// Loop times (ms) at which the commands in flight were sent, oldest first (Redis answers in order).
    private var sentAt: [UInt64] = []
    private var retryAfter: UInt64 = 0
    private var timer: LoopTimer?
    private var closed = false
    /// What `close()` also closes (built on this client, e.g. the invalidation bus' subscription), once.
    private let closeHooks = Mutex<[@Sendable () -> Void]?>([])

    public init(endpoint: RedisEndpoint, commandTimeout: Duration = .seconds(2),
                retryInterval: Duration = .seconds(1)) throws {
        self.endpoint = endpoint
        commandTimeoutMs = UInt64(commandTimeout.components.seconds * 1000 + commandTimeout.components.attoseconds / 1_000_000_000_000_000)
        retryIntervalMs = UInt64(retryInterval.components.seconds * 1000 + retryInterval.components.attoseconds / 1_000_000_000_000_000)
        loop = try EventLoop(name: "eloquent.redis")
        loop.start()
        try loop.submitAndWait { [self] in
            let timer = try LoopTimer(loop: loop)
            timer.start(timeoutMs: 100, repeatMs: 100) { [unowned self] in expireStalledCommands() }
            self.timer = timer
        }
    }

    /// Sends one command (arguments as bytes on the wire, no quoting) and returns its reply. A Redis error reply is
    /// returned as `.error`; only the connection's failures throw.
    public func command(_ arguments: [String]) async throws(RedisError) -> RedisValue {
        let result: Result<RedisValue, RedisError> = await withCheckedContinuation { continuation in
            loop.execute { [self] in enqueue(arguments) { continuation.resume(returning: $0) } }
        }
        return try result.get()
    }

    /// Sends one command without waiting: `completion` gets its reply (or failure) on the client's loop thread, and
    /// must be quick. Commands sent from one thread go out in the order sent. Safe from any thread, never blocks.
    public func send(_ arguments: [String], completion: @escaping @Sendable (Result<RedisValue, RedisError>) -> Void) {
        if closeHooks.withLock({ $0 == nil }) { return completion(.failure(.unavailable("the client is closed"))) }
        loop.execute { [self] in enqueue(arguments, completion) }
    }

    /// Runs `hook` when the client is closed (before its own connection goes), so that what is built on the client
    /// stops with it. After `close()`, `hook` runs at once.
    public func onClose(_ hook: @escaping @Sendable () -> Void) {
        let added = closeHooks.withLock { hooks -> Bool in
            guard hooks != nil else { return false }
            hooks!.append(hook)
            return true
        }
        if !added { hook() }
    }

    /// Drops the connection and stops the loop thread; commands in flight fail as unavailable. Whatever was
    /// registered with `onClose` is closed first.
    public func close() {
        for hook in closeHooks.withLock({ hooks in defer { hooks = nil }; return hooks ?? [] }) { hook() }
        loop.execute { [self] in
            closed = true
            timer?.close()
            timer = nil
            link?.free()
            loop.stop()
        }
        loop.join()
    }

    // MARK: - Loop thread

    private func enqueue(_ arguments: [String], _ completion: @escaping (Result<RedisValue, RedisError>) -> Void) {
        guard !closed else { return completion(.failure(.unavailable("the client is closed"))) }
        let context: UnsafeMutablePointer<redisAsyncContext>
        switch connection() {
        case .success(let open): context = open
        case .failure(let error): return completion(.failure(error))
        }
        let box = Unmanaged.passRetained(ReplyBox(completion, client: self)).toOpaque()
        let rc = Self.withArgv(arguments) { argc, argv, lengths in
            redisAsyncCommandArgv(context, { _, reply, privdata in
                let box = Unmanaged<ReplyBox>.fromOpaque(privdata!).takeRetainedValue()
                box.client?.commandAnswered()
                if let reply {
                    box.completion(.success(RedisValue(reply.assumingMemoryBound(to: redisReply.self))))
                } else {
                    box.completion(.failure(.unavailable("connection lost")))
                }
            }, box, argc, argv, lengths)
        }
        if rc != REDIS_OK {
            Unmanaged<ReplyBox>.fromOpaque(box).release()
            return completion(.failure(.unavailable("the command could not be queued")))
        }
        sentAt.append(loop.now)
    }

    private func commandAnswered() {
        if !sentAt.isEmpty { sentAt.removeFirst() }
    }

    /// The open connection, or a new one (with AUTH and SELECT queued first) unless the last attempt failed less
    /// than `retryInterval` ago.
    private func connection() -> Result<UnsafeMutablePointer<redisAsyncContext>, RedisError> {
        if let context = link?.context { return .success(context) }
        guard loop.now >= retryAfter else { return .failure(.unavailable("Redis was unreachable moments ago")) }
        switch HiredisConnection.open(endpoint, on: loop, ended: { [unowned self] ending in connectionGone(ending) }) {
        case .failure(let failure):
            retryAfter = loop.now + retryIntervalMs
            return .failure(.unavailable(failure.message))
        case .success(let opened):
            link = opened
            // AUTH and SELECT go first on the connection; their replies are checked by the commands that follow.
            if let password = endpoint.password { opened.queue(["AUTH", password]) }
            if endpoint.database != 0 { opened.queue(["SELECT", String(endpoint.database)]) }
            return .success(opened.context!)
        }
    }

    /// The connection's context is being freed: a failed connect waits `retryInterval` before the next attempt.
    private func connectionGone(_ ending: HiredisConnection.Ending) {
        link = nil
        sentAt = []
        guard !closed else { return }
        switch ending {
        case .failed: retryAfter = loop.now + retryIntervalMs
        case .dropped: retryAfter = max(retryAfter, loop.now)
        }
    }

    private func expireStalledCommands() {
        guard let oldest = sentAt.first, let link, loop.now &- oldest > commandTimeoutMs else { return }
        retryAfter = loop.now + retryIntervalMs
        link.free()  // every waiting command gets a NULL reply: unavailable
    }

    static func withArgv<T>(_ arguments: [String], _ body: (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) -> T) -> T {
        let copies = arguments.map { Array($0.utf8CString) }
        var lengths = arguments.map { $0.utf8.count }
        var pointers: [UnsafePointer<CChar>?] = []
        func nest(_ index: Int) -> T {
            if index == copies.count {
                return pointers.withUnsafeMutableBufferPointer { argv in
                    lengths.withUnsafeMutableBufferPointer { body(Int32(copies.count), argv.baseAddress!, UnsafePointer($0.baseAddress!)) }
                }
            }
            return copies[index].withUnsafeBufferPointer { buffer in
                pointers.append(buffer.baseAddress)
                return nest(index + 1)
            }
        }
        return nest(0)
    }
}

/// What a command's callback needs: where its result goes, and the client to tell that a reply came.
private final class ReplyBox {
    let completion: (Result<RedisValue, RedisError>) -> Void
    unowned(unsafe) let client: RedisClient?
    init(_ completion: @escaping (Result<RedisValue, RedisError>) -> Void, client: RedisClient) {
        self.completion = completion
        self.client = client
    }
}

/// A Redis reply, copied out of hiredis' reply object.
public enum RedisValue: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case array([RedisValue])
    case null
    case status(String)
    case error(String)

    init(_ reply: UnsafeMutablePointer<redisReply>) {
        let r = reply.pointee
        func text() -> String {
            guard let str = r.str else { return "" }
            return String(decoding: UnsafeRawBufferPointer(start: str, count: r.len), as: UTF8.self)
        }
        switch r.type {
        case REDIS_REPLY_STRING: self = .string(text())
        case REDIS_REPLY_INTEGER: self = .integer(Int(r.integer))
        case REDIS_REPLY_ARRAY:
            self = .array((0..<r.elements).map { RedisValue(r.element[$0]!) })
        case REDIS_REPLY_STATUS: self = .status(text())
        case REDIS_REPLY_ERROR: self = .error(text())
        default: self = .null
        }
    }

    public var integer: Int? {
        if case .integer(let value) = self { return value }
        return nil
    }
}

public enum RedisError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Redis could not be reached, or the connection broke or stalled.
    case unavailable(String)
    /// Redis answered with an error reply, or an unexpected shape.
    case reply(String)

    public var description: String {
        switch self {
        case .unavailable(let message): "Redis unavailable: \(message)"
        case .reply(let message): "Redis error: \(message)"
        }
    }
}

/// Where `REDIS_URL` points: `redis://[[user]:password@]host[:port][/db]`.
public struct RedisEndpoint: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var password: String?
    public var database: Int

    /// Parses `url`; nil when it is not a `redis://` URL this client can use (`rediss://` needs TLS, which the
    /// hiredis of this platform does not have).
    public init?(url: String) {
        guard url.hasPrefix("redis://") else { return nil }
        var rest = Substring(url.dropFirst("redis://".count))
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            let secret = credentials.firstIndex(of: ":").map { credentials[credentials.index(after: $0)...] } ?? credentials
            password = secret.isEmpty ? nil : String(secret)
        }
        var database = 0
        if let slash = rest.firstIndex(of: "/") {
            let path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
            if !path.isEmpty {
                guard let number = Int(path), number >= 0 else { return nil }
                database = number
            }
        }
        self.database = database
        var port = 6379
        if let colon = rest.lastIndex(of: ":") {
            guard let number = Int(rest[rest.index(after: colon)...]), (1...65535).contains(number) else { return nil }
            port = number
            rest = rest[..<colon]
        }
        guard !rest.isEmpty else { return nil }
        host = String(rest)
        self.port = port
    }
}
