internal import CCurl
import UVCore

/// Owns one pool's multi handle and drives it from the pool's event loop with libcurl's multi-socket API: libcurl
/// says which sockets to watch (`FDWatcher`s) and when to call it back (`LoopTimer`); readiness and timeouts go back
/// through `curl_multi_socket_action`; finished transfers come out of `curl_multi_info_read`.
/// Everything but `init` runs on the loop thread.
final class MultiDriver: @unchecked Sendable {
    let loop: EventLoop
    let configuration: UpstreamPool.Configuration
    let counters: PoolCounters
    /// libcurl's multi handle, made by the first transfer (nil until then: an idle pool loads no libcurl).
    private(set) var multi: UnsafeMutableRawPointer?
    /// Running transfers by easy handle.
    var transfers: [UnsafeMutableRawPointer: Transfer] = [:]
    /// Watchers for the sockets libcurl asked to watch.
    var watchers: [Int32: FDWatcher] = [:]
    /// Connection sockets the pool opened for libcurl, busy or idle.
    var sockets: [Int32: SocketRecord] = [:]
    var timer: LoopTimer?
    var sweeper: LoopTimer?
    /// `capIdle` left a connection open because transfers queued for one (see `retryDeferredTrims`).
    var trimDeferred = false
    private(set) var isClosed = false
    /// Keeps the driver alive while libcurl holds pointers to it, until `shutdown`.
    private var keepAlive: Unmanaged<MultiDriver>?

    var opaque: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    /// Makes no libcurl call: libcurl is loaded and the multi handle made by the first transfer (`ensureMulti`).
    init(configuration: UpstreamPool.Configuration, loop: EventLoop, counters: PoolCounters) {
        self.loop = loop
        self.configuration = configuration
        self.counters = counters
        keepAlive = Unmanaged.passRetained(self)
    }

    /// Loads libcurl (once per process) and makes the multi handle (once per driver), on the loop thread.
    func ensureMulti() throws(CurlFailure) -> UnsafeMutableRawPointer {
        if let multi { return multi }
        let curl = try CurlLibrary.loaded.get()
        guard let made = curl.multiInit() else { throw CurlFailure(.other(code: -1, message: "curl_multi_init returned NULL")) }
        do throws(CurlFailure) {
            let setopt = curl.multiSetopt
            try check(upstream_multi_setopt_socket_callback(setopt, made, driverSocketCallback), "CURLMOPT_SOCKETFUNCTION")
            try check(upstream_multi_setopt_pointer(setopt, made, CURLMOPT_SOCKETDATA, opaque), "CURLMOPT_SOCKETDATA")
            try check(upstream_multi_setopt_timer_callback(setopt, made, driverTimerCallback), "CURLMOPT_TIMERFUNCTION")
            try check(upstream_multi_setopt_pointer(setopt, made, CURLMOPT_TIMERDATA, opaque), "CURLMOPT_TIMERDATA")
            try check(upstream_multi_setopt_long(setopt, made, CURLMOPT_MAXCONNECTS, max(1, configuration.maxIdleConnections)), "CURLMOPT_MAXCONNECTS")
            try check(upstream_multi_setopt_long(setopt, made, CURLMOPT_MAX_HOST_CONNECTIONS, max(0, configuration.maxConnectionsPerHost)), "CURLMOPT_MAX_HOST_CONNECTIONS")
            try check(upstream_multi_setopt_long(setopt, made, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX)), "CURLMOPT_PIPELINING")
        } catch {
            _ = curl.multiCleanup(made)  // nothing added yet: cannot fail
            throw error
        }
        multi = made
        return made
    }

    private func check(_ code: CURLMcode, _ name: String) throws(CurlFailure) {
        guard code != CURLM_OK else { return }
        throw CurlFailure(.other(code: Int(code.rawValue), message: "curl_multi_setopt(\(name)): " + CurlLibrary.api.describe(code)))
    }

    func error(_ reason: UpstreamError.Reason, _ transfer: Transfer) -> UpstreamError {
        UpstreamError(reason, pool: configuration.name, host: transfer.host)
    }

    /// Adds a transfer (or finishes it at once when it was cancelled, the pool is closed, or set-up failed).
    func start(_ transfer: Transfer, _ continuation: CheckedContinuation<Transfer.Outcome, Never>) {
        loop.assertInEventLoop()
        transfer.continuation = continuation
        counters.update { $0.totalRequests += 1 }
        if isClosed || transfer.cancelRequested { return fail(transfer, .cancelled) }
        if let invalid = transfer.request.invalidity { return fail(transfer, .invalidRequest(invalid)) }
        let multi: UnsafeMutableRawPointer
        do {
            multi = try ensureMulti()
            try ensureTimers()
            try transfer.prepare(configuration: configuration, driver: opaque)
        } catch {
            return fail(transfer, error.reason)
        }
        let code = CurlLibrary.api.multiAddHandle(multi, transfer.easy)
        guard code == CURLM_OK else {
            return fail(transfer, .other(code: Int(code.rawValue), message: "curl_multi_add_handle: " + CurlLibrary.api.describe(code)))
        }
        transfer.state = .running
        transfer.driver = self
        transfer.addedAt = .now
        transfers[transfer.easy!] = transfer
        counters.update { $0.activeTransfers = transfers.count }
    }

    /// A connection is ready for `transfer` (made or reused): counts the time it waited for one, once.
    func connectionReady(_ transfer: Transfer) {
        guard !transfer.connectionReported else { return }
        transfer.connectionReported = true
        let (seconds, attoseconds) = (ContinuousClock.now - transfer.addedAt).components
        let waited = Double(seconds) + Double(attoseconds) / 1e18
        counters.update {
            $0.connectionWaits += 1
            $0.connectionWaitSeconds += waited
            $0.connectionWaitMaxSeconds = max($0.connectionWaitMaxSeconds, waited)
        }
        retryDeferredTrims()
    }

    /// Aborts a transfer for its cancelled task.
    func cancel(_ transfer: Transfer) {
        loop.assertInEventLoop()
        switch transfer.state {
        case .waiting: transfer.cancelRequested = true
        case .running: abort(transfer, .cancelled)
        case .finished: break
        }
    }

    /// Takes a running transfer out of the multi handle and fails it.
    func abort(_ transfer: Transfer, _ reason: UpstreamError.Reason) {
        detach(transfer)
        fail(transfer, reason)
    }

    func detach(_ transfer: Transfer) {
        guard let easy = transfer.easy, transfers.removeValue(forKey: easy) != nil else { return }
        let code = CurlLibrary.api.multiRemoveHandle(multi, easy)  // a transfer in `transfers` implies the handle
        precondition(code == CURLM_OK, "curl_multi_remove_handle: \(CurlLibrary.api.describe(code))")
        counters.update { $0.activeTransfers = transfers.count }
        retryDeferredTrims()
    }

    func fail(_ transfer: Transfer, _ reason: UpstreamError.Reason) {
        let failure = error(reason, transfer)
        counters.update { $0.errors[failure.kind, default: 0] += 1 }
        transfer.finish(.failure(failure))
    }

    /// Aborts every transfer with `.cancelled`, frees the multi handle and closes every watcher and timer.
    func shutdown() {
        loop.assertInEventLoop()
        guard !isClosed else { return }
        isClosed = true
        for transfer in Array(transfers.values) { abort(transfer, .cancelled) }
        if let multi {
            let code = CurlLibrary.api.multiCleanup(multi)
            precondition(code == CURLM_OK, "curl_multi_cleanup: \(CurlLibrary.api.describe(code))")
            self.multi = nil
        }
        for watcher in watchers.values { watcher.close() }
        watchers.removeAll()
        sockets.removeAll()
        timer?.close()
        sweeper?.close()
        timer = nil
        sweeper = nil
        counters.update { $0.openConnections = 0; $0.idleConnections = 0 }
        keepAlive?.release()
        keepAlive = nil
    }
}
