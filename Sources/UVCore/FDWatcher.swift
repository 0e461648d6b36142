internal import CLibUV

/// Watches a file descriptor that someone else owns (for example a socket opened by libcurl) for readiness, on one
/// loop. Use only on the loop's thread; `close()` when done, and always before the descriptor itself is closed.
/// The watcher is freed in its close callback.
public final class FDWatcher: @unchecked Sendable {
    /// The readiness a watcher waits for, or that it reports.
    public struct Events: OptionSet, Sendable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }

        public static let readable = Events(rawValue: Int32(UV_READABLE.rawValue))
        public static let writable = Events(rawValue: Int32(UV_WRITABLE.rawValue))
    }

    public let loop: EventLoop
    /// The watched descriptor.
    public let fd: Int32
    private let handle: UnsafeMutablePointer<uv_poll_t>
    private var callback: ((Events, UVError?) -> Void)?
    /// What libuv watches for now (nil: stopped). `uv_poll_start` first stops the watcher, which costs an
    /// `epoll_ctl(DEL)` and then an `epoll_ctl(ADD)` at the next poll even when nothing changes: a start with the
    /// events already watched only swaps the callback.
    private var watching: Events?
    public private(set) var isClosed = false

    /// Registers the descriptor with the loop (not yet watching). Fails with `EEXIST` while another
    /// watcher is active on it.
    public init(loop: EventLoop, fd: Int32) throws(UVError) {
        loop.assertInEventLoop()
        self.loop = loop
        self.fd = fd
        handle = .allocate(capacity: 1)
        let rc = uv_poll_init(loop.loop, handle, fd)
        if rc != 0 { handle.deallocate(); throw UVError("uv_poll_init(fd \(fd))", code: rc) }
        handle.pointee.data = Unmanaged.passRetained(self).toOpaque()
    }

    /// Starts (or changes) watching. `callback` gets the ready events, or an error (then `events` is empty).
    public func start(_ events: Events, _ callback: @escaping (Events, UVError?) -> Void) throws(UVError) {
        loop.assertInEventLoop()
        precondition(!isClosed, "fd watcher used after close")
        self.callback = callback
        if watching == events { return }
        watching = nil
        try uvCheck(uv_poll_start(handle, events.rawValue, pollCallback), "uv_poll_start(fd \(fd))")
        watching = events.isEmpty ? nil : events
    }

    /// Stops watching; `start` may be called again.
    public func stop() {
        loop.assertInEventLoop()
        guard !isClosed, watching != nil else { return }
        watching = nil
        _ = uv_poll_stop(handle)  // always 0 on an initialised poll handle
    }

    /// Stops watching for good. The descriptor is forgotten by the loop at once (so it may be closed right after);
    /// the handle's memory goes in its close callback.
    public func close() {
        loop.assertInEventLoop()
        guard !isClosed else { return }
        isClosed = true
        callback = nil
        uv_close(UnsafeMutablePointer<uv_handle_t>(OpaquePointer(handle))) { raw in
            let poll = raw!.withMemoryRebound(to: uv_poll_t.self, capacity: 1) { $0 }
            Unmanaged<FDWatcher>.fromOpaque(poll.pointee.data).release()
            poll.deallocate()
        }
    }

    fileprivate func fire(status: Int32, events: Int32) {
        guard let callback else { return }
        if status < 0 {
            watching = nil  // libuv stopped the watcher before reporting the error
            callback([], UVError("poll(fd \(fd))", code: status))
        } else {
            callback(Events(rawValue: events), nil)
        }
    }
}

private func pollCallback(_ handle: UnsafeMutablePointer<uv_poll_t>?, _ status: Int32, _ events: Int32) {
    Unmanaged<FDWatcher>.fromOpaque(handle!.pointee.data).takeUnretainedValue().fire(status: status, events: events)
}
