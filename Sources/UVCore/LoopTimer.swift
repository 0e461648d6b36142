internal import CLibUV

/// A libuv timer owned by one loop. Use only on the loop's thread; `close()` when done.
public final class LoopTimer: @unchecked Sendable {
    public let loop: EventLoop
    private let handle: UnsafeMutablePointer<uv_timer_t>
    private var callback: (() -> Void)?
    private var closed = false

    public init(loop: EventLoop) throws(UVError) {
        loop.assertInEventLoop()
        self.loop = loop
        handle = .allocate(capacity: 1)
        let rc = uv_timer_init(loop.loop, handle)
        if rc != 0 { handle.deallocate(); throw UVError("uv_timer_init", code: rc) }
        handle.pointee.data = Unmanaged.passRetained(self).toOpaque()
    }

    /// Starts (or restarts) the timer: first after `timeoutMs`, then every `repeatMs` (0: once).
    public func start(timeoutMs: UInt64, repeatMs: UInt64 = 0, _ callback: @escaping () -> Void) {
        loop.assertInEventLoop()
        precondition(!closed, "timer used after close")
        self.callback = callback
        precondition(uv_timer_start(handle, timerCallback, timeoutMs, repeatMs) == 0, "uv_timer_start")
    }

    /// Keeps the loop from waiting for this timer alone.
    public func unref() { uv_unref(UnsafeMutablePointer<uv_handle_t>(OpaquePointer(handle))) }

    public func stop() {
        loop.assertInEventLoop()
        guard !closed else { return }
        _ = uv_timer_stop(handle)  // cannot fail on an initialised timer
    }

    public func close() {
        loop.assertInEventLoop()
        guard !closed else { return }
        closed = true
        callback = nil
        uv_close(UnsafeMutablePointer<uv_handle_t>(OpaquePointer(handle))) { raw in
            let timer = raw!.withMemoryRebound(to: uv_timer_t.self, capacity: 1) { $0 }
            Unmanaged<LoopTimer>.fromOpaque(timer.pointee.data).release()
            timer.deallocate()
        }
    }

    fileprivate func fire() { callback?() }
}

private func timerCallback(_ handle: UnsafeMutablePointer<uv_timer_t>?) {
    Unmanaged<LoopTimer>.fromOpaque(handle!.pointee.data).takeUnretainedValue().fire()
}
