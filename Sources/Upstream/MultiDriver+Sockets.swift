internal import CCurl
internal import Glibc
import UVCore

extension MultiDriver {
    /// CURLOPT_OPENSOCKETFUNCTION: makes a connection socket (close-on-exec, so child processes never inherit it).
    func openSocket(family: Int32, type: Int32, protocol proto: Int32, peer: [UInt8], host: String) -> Int32 {
        let fd = socket(family, type | Int32(SOCK_CLOEXEC.rawValue), proto)
        guard fd >= 0 else { return -1 }  // CURL_SOCKET_BAD: libcurl reports the connect failure
        sockets[fd] = SocketRecord(busy: true, idleSince: loop.now, peer: peer, host: host)
        publishConnections()
        return fd
    }

    /// CURLOPT_CLOSESOCKETFUNCTION: stops watching the socket, then closes it.
    func closeSocket(_ fd: Int32) -> Int32 {
        watchers.removeValue(forKey: fd)?.close()
        sockets.removeValue(forKey: fd)
        publishConnections()
        return Glibc.close(fd)
    }

    func markBusy(_ fd: Int32) {
        guard sockets[fd] != nil else { return }
        sockets[fd]!.busy = true
        publishConnections()
    }

    func markIdle(_ fd: Int32) {
        guard sockets[fd] != nil else { return }
        sockets[fd]!.busy = false
        sockets[fd]!.idleSince = loop.now
        publishConnections()
        // libcurl may hand the connection to a waiting transfer within this same call: decide on the next turn.
        if configuration.maxIdlePerHost > 0 { loop.execute { [self] in capIdle(fd) } }
    }

    /// `MAX_IDLE_CONNS_PER_HOST`: when `fd` is still idle and more than the limit to its address are idle, shuts it
    /// down (libcurl finds it dead and closes it the next time it looks, as for `sweepIdleConnections`).
    /// Not while transfers to its host queue for a connection (`MAX_CONNS_PER_HOST`): libcurl hands this one to the
    /// next of them, and closing it would make that transfer open another (churn). The trim is retried once the queue
    /// is empty (`retryDeferredTrims`).
    func capIdle(_ fd: Int32) {
        guard !isClosed, let record = sockets[fd], !record.busy, !record.shutDown else { return }
        if hasQueuedTransfers(to: record.host) {
            trimDeferred = true
            return
        }
        let idleToPeer = sockets.values.reduce(0) { $0 + (!$1.busy && !$1.shutDown && $1.peer == record.peer ? 1 : 0) }
        guard idleToPeer > configuration.maxIdlePerHost else { return }
        _ = Glibc.shutdown(fd, Int32(SHUT_RDWR))
        sockets[fd]!.shutDown = true
        counters.update { $0.idleClosed += 1 }
        publishConnections()
    }

    /// Transfers to `host` that wait for a connection while `MAX_CONNS_PER_HOST` is set (queued behind busy ones,
    /// or connecting).
    func hasQueuedTransfers(to host: String) -> Bool {
        configuration.maxConnectionsPerHost > 0 && transfers.values.contains { !$0.connectionReported && $0.host == host }
    }

    /// After a transfer got its connection or left: applies the idle cap that a queue deferred, once no transfer
    /// queues any more (on the next turn, as for `markIdle`).
    func retryDeferredTrims() {
        guard trimDeferred, !isClosed, !transfers.values.contains(where: { !$0.connectionReported }) else { return }
        trimDeferred = false
        loop.execute { [self] in
            for (fd, record) in sockets where !record.busy && !record.shutDown { capIdle(fd) }
        }
    }

    /// Closes connections idle for `idleTimeout` (not those of a host with queued transfers: see `capIdle`). libcurl 7.88 applies `CURLOPT_MAXAGE_CONN` only when a new
    /// transfer looks for a connection (a periodic `curl_multi_socket_action(CURL_SOCKET_TIMEOUT)` does not prune:
    /// tested), so a quiet pool would keep them open for ever. Shutting the socket down sends the FIN now; libcurl
    /// finds the connection dead and closes the descriptor the next time it looks (or at cleanup).
    func sweepIdleConnections() {
        guard !isClosed else { return }
        let limit = UInt64(configuration.idleTimeout.milliseconds())
        let now = loop.now
        var closed = 0
        for (fd, record) in sockets where !record.busy && !record.shutDown && now &- record.idleSince >= limit
            && !hasQueuedTransfers(to: record.host) {
            _ = Glibc.shutdown(fd, Int32(SHUT_RDWR))  // ENOTCONN if the peer already went: nothing left to do
            sockets[fd]!.shutDown = true
            closed += 1
        }
        if closed > 0 {
            counters.update { $0.idleClosed += closed }
            publishConnections()
        }
    }

    func publishConnections() {
        let open = sockets.values.reduce(0) { $0 + ($1.shutDown ? 0 : 1) }
        let idle = sockets.values.reduce(0) { $0 + ($1.busy || $1.shutDown ? 0 : 1) }
        counters.update { $0.openConnections = open; $0.idleConnections = idle }
    }
}

/// What the pool knows of one connection socket it opened for libcurl.
struct SocketRecord {
    /// libcurl is watching it for a transfer.
    var busy = false
    /// Loop time (ms) when it last stopped being busy.
    var idleSince: UInt64
    /// The address it connects to (the `sockaddr` bytes): the "host" of the per-host idle limit.
    var peer: [UInt8] = []
    /// The `host[:port]` of the transfer that opened it (what queued transfers are matched by).
    var host = ""
    /// The pool shut it down (after `idleTimeout`, or over the idle limit); libcurl will close it when it next
    /// looks at it.
    var shutDown = false
}
