internal import CLibUV
internal import Glibc
import Synchronization

/// One libuv loop on its own thread. It is a Swift `SerialExecutor` and `TaskExecutor`: tasks created with
/// `Task(executorPreference: loop)` run their nonisolated code on this thread, next to the sockets they serve.
///
/// Thread rules: every handle belonging to the loop is touched only on the loop's thread. The only call made from
/// other threads is `uv_async_send` (in `enqueue`/`execute`).
public final class EventLoop: @unchecked Sendable {
    public let name: String
    let loop: UnsafeMutablePointer<uv_loop_t>
    private let wakeup: UnsafeMutablePointer<uv_async_t>
    private let prepare: UnsafeMutablePointer<uv_prepare_t>
    private let check: UnsafeMutablePointer<uv_check_t>

    /// Work handed over from other threads; guarded by a mutex, signalled with `uv_async_send`.
    let remote = Mutex(RemoteQueue())
    /// Work scheduled from the loop thread itself; drained in the prepare and check phases, no syscall.
    var local: [LoopWork] = []
    var spare: [LoopWork] = []

    private var thread: LoopThread?
    private let threadID = Atomic<UInt>(0)
    private let state = Atomic<Int>(LoopState.created.rawValue)
    private var closeResult: Int32 = 0
    /// Run on the loop thread when `stop()` begins, before the loop's own handles close (see `whenStopping`).
    private var stoppingHooks: [() -> Void] = []

    struct RemoteQueue {
        var items: [LoopWork] = []
        var closed = false
    }

    enum LoopState: Int { case created, running, stopping, stopped }

    /// Creates the loop (not yet running). Call `start()` to spawn its thread.
    public init(name: String) throws(UVError) {
        self.name = name
        loop = .allocate(capacity: 1)
        wakeup = .allocate(capacity: 1)
        prepare = .allocate(capacity: 1)
        check = .allocate(capacity: 1)
        // A throw from here on runs `deinit` (every stored property is set), which frees the four handles: freeing
        // them here too was a double free, hit when the process was out of descriptors (epoll, eventfd).
        try uvCheck(uv_loop_init(loop), "uv_loop_init")
        let me = Unmanaged.passUnretained(self).toOpaque()
        loop.pointee.data = me
        let async = uv_async_init(loop, wakeup, loopWakeupCallback)  // an eventfd: fails with EMFILE
        if async != 0 {
            uv_loop_close(loop)
            throw UVError("uv_async_init", code: async)
        }
        wakeup.pointee.data = me
        precondition(uv_prepare_init(loop, prepare) == 0, "uv_prepare_init")
        prepare.pointee.data = me
        precondition(uv_check_init(loop, check) == 0, "uv_check_init")
        check.pointee.data = me
        precondition(uv_prepare_start(prepare, loopDrainCallback) == 0, "uv_prepare_start")
        precondition(uv_check_start(check, loopCheckCallback) == 0, "uv_check_start")
        // The prepare/check handles must not keep the loop alive on their own.
        uv_unref(UnsafeMutablePointer<uv_handle_t>(OpaquePointer(prepare)))
        uv_unref(UnsafeMutablePointer<uv_handle_t>(OpaquePointer(check)))
    }

    deinit {
        loop.deallocate(); wakeup.deallocate(); prepare.deallocate(); check.deallocate()
    }

    /// Spawns the loop's thread; returns once it runs.
    public func start() {
        precondition(state.load(ordering: .acquiring) == LoopState.created.rawValue, "loop started twice")
        let ready = Mutex(false)
        thread = LoopThread(name: name) { [self] in
            threadID.store(UInt(pthread_self()), ordering: .releasing)
            if let key = currentLoopKey {
                _ = pthread_setspecific(key, Unmanaged.passUnretained(self).toOpaque())  // fails only for a bad key
            }
            state.store(LoopState.running.rawValue, ordering: .releasing)
            ready.withLock { $0 = true }
            runLoop()
        }
        while !ready.withLock({ $0 }) { sched_yield() }
    }

    /// The loop whose thread this is, or nil off every loop thread. A task running on a loop (its executor preference)
    /// sees that loop here, so that a client of another service can drive its sockets from the same thread instead of
    /// hopping to a thread of its own and back for each call.
    public static var current: EventLoop? {
        guard let key = currentLoopKey, let pointer = pthread_getspecific(key) else { return nil }
        return Unmanaged<EventLoop>.fromOpaque(pointer).takeUnretainedValue()
    }

    /// Runs `hook` on the loop thread when `stop()` begins, before the loop's own handles close: an owner of handles on
    /// this loop closes them there, so that the loop ends with none left open. Loop thread only.
    public func whenStopping(_ hook: @escaping () -> Void) {
        assertInEventLoop()
        stoppingHooks.append(hook)
    }

    /// True when called on this loop's thread.
    public var inEventLoop: Bool {
        pthread_equal(pthread_self(), pthread_t(threadID.load(ordering: .relaxed))) != 0
    }

    /// Traps when called off the loop thread (thread confinement of handles).
    @inline(__always)
    public func assertInEventLoop(file: StaticString = #fileID, line: UInt = #line) {
        assert(inEventLoop, "not on event loop \(name)", file: file, line: line)
    }

    /// The loop's cached monotonic clock in milliseconds (updated once per iteration).
    public var now: UInt64 { uv_now(loop) }

    /// Runs `work` on the loop thread (soon, in order). Safe from any thread.
    public func execute(_ work: @escaping @Sendable () -> Void) {
        schedule(.closure(work))
    }

    /// Asks the loop to stop once every handle the application opened has been closed. `completion` runs on the loop
    /// thread after the internal handles are closed. Safe from any thread.
    public func stop() {
        execute { [self] in
            guard state.load(ordering: .acquiring) == LoopState.running.rawValue else { return }
            let hooks = stoppingHooks
            stoppingHooks.removeAll()
            for hook in hooks { hook() }
            state.store(LoopState.stopping.rawValue, ordering: .releasing)
            uv_close(UnsafeMutablePointer<uv_handle_t>(OpaquePointer(prepare)), nil)
            uv_close(UnsafeMutablePointer<uv_handle_t>(OpaquePointer(check)), nil)
            remote.withLock { queue in
                queue.closed = true
                uv_close(UnsafeMutablePointer<uv_handle_t>(OpaquePointer(wakeup)), nil)
            }
        }
    }

    /// Waits for the loop thread to end; returns the result of `uv_loop_close` (0 when no handle leaked).
    @discardableResult
    public func join() -> Int32 {
        thread?.join()
        thread = nil
        return closeResult
    }

    private func runLoop() {
        while true {
            _ = uv_run(loop, UV_RUN_DEFAULT)
            drain()
            if state.load(ordering: .acquiring) != LoopState.running.rawValue { break }
        }
        drain()
        closeResult = uv_loop_close(loop)
        if closeResult != 0 {
            logLeakedHandles()
        }
        state.store(LoopState.stopped.rawValue, ordering: .releasing)
    }

    private func logLeakedHandles() {
        uv_walk(loop, { handle, _ in
            guard let handle else { return }
            let type = String(cString: uv_handle_type_name(handle.pointee.type))
            diagnostic("event loop closed with an open handle: \(type) active=\(uv_is_active(handle))")
        }, nil)
    }

    var isStopped: Bool { state.load(ordering: .acquiring) == LoopState.stopped.rawValue }

    /// True from `start()` until `stop()` takes effect: work given to `execute` will run.
    public var isRunning: Bool { state.load(ordering: .acquiring) == LoopState.running.rawValue }

    /// Wakes the loop thread. Call with the remote queue locked, so that it never races the handle's closing.
    func wakeLocked(_ queue: inout RemoteQueue) {
        guard !queue.closed else { return }
        let rc = uv_async_send(wakeup)
        if rc != 0 { diagnostic("uv_async_send failed: \(UVError("uv_async_send", code: rc))") }
    }
}

/// The thread-local slot holding each loop thread's `EventLoop` (nil when the key could not be made: `current` is then
/// always nil and callers keep to their own loops).
private let currentLoopKey: pthread_key_t? = {
    var key = pthread_key_t()
    return pthread_key_create(&key, nil) == 0 ? key : nil
}()

private func loopWakeupCallback(_ handle: UnsafeMutablePointer<uv_async_t>?) {
    Unmanaged<EventLoop>.fromOpaque(handle!.pointee.data).takeUnretainedValue().drain()
}

private func loopDrainCallback(_ handle: UnsafeMutablePointer<uv_prepare_t>?) {
    Unmanaged<EventLoop>.fromOpaque(handle!.pointee.data).takeUnretainedValue().drain()
}

private func loopCheckCallback(_ handle: UnsafeMutablePointer<uv_check_t>?) {
    Unmanaged<EventLoop>.fromOpaque(handle!.pointee.data).takeUnretainedValue().drain()
}
