internal import CCurl
import UVCore

extension MultiDriver {
    /// Creates the timer libcurl asks for and the idle sweeper, on first use (they need the loop thread).
    func ensureTimers() throws(CurlFailure) {
        guard timer == nil else { return }
        do {
            timer = try LoopTimer(loop: loop)
            let sweeper = try LoopTimer(loop: loop)
            sweeper.unref()
            let period = UInt64(max(250, min(configuration.idleTimeout.milliseconds() / 4, 15_000)))
            sweeper.start(timeoutMs: period, repeatMs: period) { [unowned self] in sweepIdleConnections() }
            self.sweeper = sweeper
        } catch {
            throw CurlFailure(.other(code: Int(error.code), message: error.description))
        }
    }

    /// CURLMOPT_TIMERFUNCTION: libcurl wants `socketAction(timeout)` after `milliseconds` (-1: never).
    /// libcurl must not be called from inside this callback, so even 0 goes through the timer.
    func setTimer(_ milliseconds: Int) {
        guard !isClosed, let timer else { return }
        if milliseconds < 0 {
            timer.stop()
        } else {
            timer.start(timeoutMs: UInt64(milliseconds)) { [unowned self] in
                socketAction(CURL_SOCKET_TIMEOUT, events: 0)
            }
        }
    }

    /// CURLMOPT_SOCKETFUNCTION: watch `fd` for `what` (CURL_POLL_*), or forget it.
    func watch(_ fd: Int32, _ what: Int32) -> Int32 {
        if what == CURL_POLL_REMOVE || isClosed {
            watchers.removeValue(forKey: fd)?.close()
            markIdle(fd)
            return 0
        }
        var events: FDWatcher.Events = []
        if what == CURL_POLL_IN || what == CURL_POLL_INOUT { events.insert(.readable) }
        if what == CURL_POLL_OUT || what == CURL_POLL_INOUT { events.insert(.writable) }
        do {
            let watcher = try watchers[fd] ?? FDWatcher(loop: loop, fd: fd)
            watchers[fd] = watcher
            try watcher.start(events) { [unowned self] ready, error in
                var flags: Int32 = 0
                if error != nil { flags |= CURL_CSELECT_ERR }
                if ready.contains(.readable) { flags |= CURL_CSELECT_IN }
                if ready.contains(.writable) { flags |= CURL_CSELECT_OUT }
                socketAction(fd, events: flags)
            }
        } catch {
            watchers.removeValue(forKey: fd)?.close()
            return -1  // libcurl fails the transfers on this socket
        }
        markBusy(fd)
        return 0
    }

    /// Tells libcurl what happened on `fd` (or that its timer ran out), then collects finished transfers.
    func socketAction(_ fd: Int32, events: Int32) {
        guard !isClosed, let multi else { return }
        let curl = CurlLibrary.api
        var running: Int32 = 0
        let code = curl.multiSocketAction(multi, fd, events, &running)
        switch code {
        case CURLM_OK, CURLM_BAD_SOCKET:  // BAD_SOCKET: an event for a socket libcurl has just let go of
            break
        case CURLM_BAD_HANDLE, CURLM_BAD_EASY_HANDLE, CURLM_RECURSIVE_API_CALL:
            preconditionFailure("curl_multi_socket_action: \(curl.describe(code))")
        default:
            let message = "curl_multi_socket_action: " + curl.describe(code)
            for transfer in Array(transfers.values) { abort(transfer, .other(code: Int(code.rawValue), message: message)) }
        }
        collectFinished()
    }

    /// Reads libcurl's completion messages and finishes their transfers.
    func collectFinished() {
        guard let multi else { return }
        let curl = CurlLibrary.api
        var left: Int32 = 0
        while let message = curl.multiInfoRead(multi, &left) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle,
                  let transfer = transfers[easy] else { continue }
            complete(transfer, code: message.pointee.data.result)
        }
    }

    private func complete(_ transfer: Transfer, code: CURLcode) {
        let easy = transfer.easy!
        var connects = 0
        let getinfo = CurlLibrary.api.easyGetinfo
        _ = upstream_easy_getinfo_long(getinfo, easy, CURLINFO_NUM_CONNECTS, &connects)  // 0 stays 0 if unavailable
        var status = 0
        let statusCode = upstream_easy_getinfo_long(getinfo, easy, CURLINFO_RESPONSE_CODE, &status)
        detach(transfer)
        counters.update { stats in
            stats.newConnections += connects
            if code == CURLE_OK && connects == 0 { stats.reusedConnections += 1 }
        }
        guard code == CURLE_OK else {
            let reason: UpstreamError.Reason = transfer.tooLarge ? .responseTooLarge : code.upstreamReason(detail: transfer.errorDetail)
            return fail(transfer, reason)
        }
        guard statusCode == CURLE_OK, status >= 100 else {
            return fail(transfer, .protocolError("no HTTP status"))
        }
        transfer.finish(.success(UpstreamResponse(status: status, headers: transfer.responseHeaders, body: transfer.responseBody)))
    }
}
