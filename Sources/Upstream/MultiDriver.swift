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
    let multi: UnsafeMutableRawPointer
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

    init(configuration: UpstreamPool.Configuration, loop: EventLoop, counters: PoolCounters) throws(CurlFailure) {
        if let failure = CurlGlobal.initialize() { throw CurlFailure(failure) }
        guard let multi = curl_multi_init() else { throw CurlFailure(.other(code: -1, message: "curl_multi_init returned NULL")) }
        self.multi = multi
        self.loop = loop
        self.configuration = configuration
        self.counters = counters
        do {
            try check(upstream_multi_setopt_socket_callback(multi, driverSocketCallback), "CURLMOPT_SOCKETFUNCTION")
            try check(upstream_multi_setopt_pointer(multi, CURLMOPT_SOCKETDATA, opaque), "CURLMOPT_SOCKETDATA")
            try check(upstream_multi_setopt_timer_callback(multi, driverTimerCallback), "CURLMOPT_TIMERFUNCTION")
            try check(upstream_multi_setopt_pointer(multi, CURLMOPT_TIMERDATA, opaque), "CURLMOPT_TIMERDATA")
            try check(upstream_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(1, configuration.maxIdleConnections)), "CURLMOPT_MAXCONNECTS")
            try check(upstream_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, max(0, configuration.maxConnectionsPerHost)), "CURLMOPT_MAX_HOST_CONNECTIONS")
            try check(upstream_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX)), "CURLMOPT_PIPELINING")
        } catch {
            _ = curl_multi_cleanup(multi)  // nothing added yet: cannot fail
            throw error
        }
        keepAlive = Unmanaged.passRetained(self)
    }

    private func check(_ code: CURLMcode, _ name: String) throws(CurlFailure) {
        guard code != CURLM_OK else { return }
        throw CurlFailure(.other(code: Int(code.rawValue), message: "curl_multi_setopt(\(name)): " + String(cString: curl_multi_strerror(code))))
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
        do {
            try ensureTimers()
            try transfer.prepare(configuration: configuration, driver: opaque)
        } catch {
            return fail(transfer, error.reason)
        }
        let code = curl_multi_add_handle(multi, transfer.easy)
        guard code == CURLM_OK else {
            return fail(transfer, .other(code: Int(code.rawValue), message: "curl_multi_add_handle: " + String(cString: curl_multi_strerror(code))))
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
        let code = curl_multi_remove_handle(multi, easy)
        precondition(code == CURLM_OK, "curl_multi_remove_handle: \(String(cString: curl_multi_strerror(code)))")
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
        let code = curl_multi_cleanup(multi)
        precondition(code == CURLM_OK, "curl_multi_cleanup: \(String(cString: curl_multi_strerror(code)))")
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

/// `curl_global_init`'s result, computed once by whichever thread asks first (Swift initialises globals lazily and
/// thread-safely), so libcurl's global set-up never races.
private let globalInitCode: UInt32 = curl_global_init(Int(CURL_GLOBAL_DEFAULT)).rawValue

enum CurlGlobal {
    /// Initialises libcurl once; the reason it failed, if it did.
    static func initialize() -> UpstreamError.Reason? {
        let code = CURLcode(rawValue: globalInitCode)
        guard code != CURLE_OK else { return nil }
        return .other(code: Int(globalInitCode), message: "curl_global_init: " + String(cString: curl_easy_strerror(code)))
    }
}
