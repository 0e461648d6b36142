internal import CLibUV
internal import Glibc

/// Watches SIGTERM and SIGINT (and SIGHUP when asked) on one loop and calls back on that loop's thread.
public final class SignalWatcher: @unchecked Sendable {
    public enum Signal: Int32, Sendable { case terminate = 15, interrupt = 2, hangup = 1 }

    public let loop: EventLoop
    private var handles: [UnsafeMutablePointer<uv_signal_t>] = []
    private let callback: (Signal) -> Void

    public init(loop: EventLoop, signals: [Signal] = [.terminate, .interrupt], _ callback: @escaping (Signal) -> Void) throws(UVError) {
        loop.assertInEventLoop()
        self.loop = loop
        self.callback = callback
        // A process may start with these signals blocked (a mask inherited from a dispatch worker thread of the
        // parent, e.g. Foundation's `Process`); libuv would then never see them. Unblock them on this loop's thread,
        // which lives as long as the watch, so the kernel always has a thread to deliver them to.
        var unblocked = sigset_t()
        try uvCheck(sigemptyset(&unblocked), "sigemptyset")
        for sig in signals { try uvCheck(sigaddset(&unblocked, sig.rawValue), "sigaddset(\(sig))") }
        let maskResult = pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
        if maskResult != 0 { throw UVError("pthread_sigmask", code: -maskResult) }
        for sig in signals {
            let handle = UnsafeMutablePointer<uv_signal_t>.allocate(capacity: 1)
            let initialized = uv_signal_init(loop.loop, handle)  // the first one opens a pipe: EMFILE is possible
            if initialized != 0 {
                handle.deallocate()
                close()  // the handles made so far point at `self`: closed (and freed) through the loop
                throw UVError("uv_signal_init", code: initialized)
            }
            handle.pointee.data = Unmanaged.passUnretained(self).toOpaque()
            handles.append(handle)
            let started = uv_signal_start(handle, signalCallback, sig.rawValue)
            if started != 0 {
                close()
                throw UVError("uv_signal_start(\(sig))", code: started)
            }
            // Signal watchers must not keep a draining loop alive.
            uv_unref(UnsafeMutablePointer<uv_handle_t>(OpaquePointer(handle)))
        }
    }

    fileprivate func fire(_ signum: Int32) {
        if let sig = Signal(rawValue: signum) { callback(sig) }
    }

    /// Stops watching and frees the handles. Keeps `self` alive until libuv is done with them.
    public func close() {
        loop.assertInEventLoop()
        guard closeToken == nil, !handles.isEmpty else { return }
        let owner = Unmanaged.passRetained(self)
        closeToken = (owner, handles.count)
        for handle in handles {
            handle.pointee.data = owner.toOpaque()
            uv_close(UnsafeMutablePointer<uv_handle_t>(OpaquePointer(handle))) { raw in
                let sigHandle = raw!.withMemoryRebound(to: uv_signal_t.self, capacity: 1) { $0 }
                let watcher = Unmanaged<SignalWatcher>.fromOpaque(sigHandle.pointee.data).takeUnretainedValue()
                watcher.handleClosed(sigHandle)
            }
        }
    }

    private var closeToken: (Unmanaged<SignalWatcher>, Int)?

    private func handleClosed(_ handle: UnsafeMutablePointer<uv_signal_t>) {
        handle.deallocate()
        guard var token = closeToken else { return }
        token.1 -= 1
        closeToken = token
        if token.1 == 0 {
            handles.removeAll()
            closeToken = nil
            token.0.release()
        }
    }
}

private func signalCallback(_ handle: UnsafeMutablePointer<uv_signal_t>?, _ signum: Int32) {
    Unmanaged<SignalWatcher>.fromOpaque(handle!.pointee.data).takeUnretainedValue().fire(signum)
}
