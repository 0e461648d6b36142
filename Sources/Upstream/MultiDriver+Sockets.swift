internal import CCurl
internal import Glibc
import UVCore

extension MultiDriver {
    /// CURLOPT_OPENSOCKETFUNCTION: makes a connection socket (close-on-exec, so child processes never inherit it).
    func openSocket(family: Int32, type: Int32, protocol proto: Int32) -> Int32 {
        let fd = socket(family, type | Int32(SOCK_CLOEXEC.rawValue), proto)
        guard fd >= 0 else { return -1 }  // CURL_SOCKET_BAD: libcurl reports the connect failure
        sockets[fd] = SocketRecord(busy: true, idleSince: loop.now)
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
    }

    /// Closes connections idle for `idleTimeout`. libcurl 7.88 applies `CURLOPT_MAXAGE_CONN` only when a new
    /// transfer looks for a connection (a periodic `curl_multi_socket_action(CURL_SOCKET_TIMEOUT)` does not prune:
    /// tested), so a quiet pool would keep them open for ever. Shutting the socket down sends the FIN now; libcurl
    /// finds the connection dead and closes the descriptor the next time it looks (or at cleanup).
    func sweepIdleConnections() {
        guard !isClosed else { return }
        let limit = UInt64(configuration.idleTimeout.milliseconds())
        let now = loop.now
        var closed = 0
        for (fd, record) in sockets where !record.busy && !record.shutDown && now &- record.idleSince >= limit {
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
    /// The pool shut it down after `idleTimeout`; libcurl will close it when it next looks at it.
    var shutDown = false
}
