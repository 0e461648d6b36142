internal import CLibUV
internal import Glibc

/// A listening TCP socket on one loop. The socket is made by hand so that `SO_REUSEPORT` can be set before bind
/// (libuv 1.44 has no flag for it): every loop gets its own listener on the same port and the kernel spreads
/// connections across them.
public final class TCPListener: @unchecked Sendable {
    public let loop: EventLoop
    private let handle: UnsafeMutablePointer<uv_tcp_t>
    private var onAccept: ((TCPConnection) -> Void)?
    private var onAcceptError: ((UVError) -> Void)?
    private var closed = false
    private let readBufferMax: Int
    /// The bound port (useful after binding port 0).
    public private(set) var port: Int = 0

    /// Creates the socket and binds it. Does not accept until `listen` is called.
    public init(loop: EventLoop, host: String, port: Int, readBufferMax: Int) throws(UVError) {
        loop.assertInEventLoop()
        self.loop = loop
        self.readBufferMax = readBufferMax
        var storage = sockaddr_storage()
        let family = try SocketAddress.make(host: host, port: port, into: &storage)
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        if fd < 0 { throw UVError("socket", code: -errno) }
        var one: Int32 = 1
        let size = socklen_t(MemoryLayout<Int32>.size)
        if setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, size) != 0
            || setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, size) != 0 {
            let code = -errno
            Glibc.close(fd)
            throw UVError("setsockopt(SO_REUSEPORT)", code: code)
        }
        let length = socklen_t(family == AF_INET6 ? MemoryLayout<sockaddr_in6>.size : MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, length) }
        }
        if bound != 0 {
            let code = -errno
            Glibc.close(fd)
            throw UVError("bind(\(host):\(port))", code: code)
        }
        handle = .allocate(capacity: 1)
        let rc = uv_tcp_init(loop.loop, handle)
        if rc != 0 {
            Glibc.close(fd)
            handle.deallocate()
            throw UVError("uv_tcp_init", code: rc)
        }
        handle.pointee.data = Unmanaged.passRetained(self).toOpaque()
        let opened = uv_tcp_open(handle, uv_os_sock_t(fd))
        if opened != 0 {
            Glibc.close(fd)
            close()
            throw UVError("uv_tcp_open", code: opened)
        }
        var local = sockaddr_storage()
        var localLength = Int32(MemoryLayout<sockaddr_storage>.size)
        let named = withUnsafeMutablePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { uv_tcp_getsockname(handle, $0, &localLength) }
        }
        if named == 0, let address = SocketAddress.describe(&local) { self.port = address.port }
    }

    /// Starts accepting; `onAccept` gets each new connection (not yet reading), `onError` each failed accept (out of
    /// descriptors: libuv then closes the queued connections unanswered, so that clients do not wait for nothing).
    public func listen(backlog: Int32 = 1024, onError: ((UVError) -> Void)? = nil,
                       _ onAccept: @escaping (TCPConnection) -> Void) throws(UVError) {
        loop.assertInEventLoop()
        self.onAccept = onAccept
        self.onAcceptError = onError
        try uvCheck(uv_listen(stream, backlog, listenerCallback), "uv_listen")
    }

    var stream: UnsafeMutablePointer<uv_stream_t> { UnsafeMutablePointer(OpaquePointer(handle)) }

    fileprivate func acceptOne(status: Int32) {
        guard !closed else { return }
        if status != 0 {
            onAcceptError?(UVError("accept", code: status))
            return
        }
        do {
            let connection = try TCPConnection(loop: loop, readBufferMax: readBufferMax)
            let rc = uv_accept(stream, connection.stream)
            if rc != 0 {
                connection.close()
                // EAGAIN: nothing was pending (a drain that found libuv's slot empty); anything else is a failure.
                if rc != Int32(UV_EAGAIN.rawValue) { onAcceptError?(UVError("uv_accept", code: rc)) }
                return
            }
            connection.didAccept()
            onAccept?(connection)
        } catch {
            diagnostic("accept failed: \(error)")
        }
    }

    /// Shrinks the accept queue to its minimum (`listen(fd, 0)`): new connection attempts are no longer queued (their
    /// SYNs are dropped and retried by the client a second later), while what is queued can still be accepted. A
    /// graceful stop calls it shortly before `close()`, so that closing resets no connection a client already sent a
    /// request on.
    public func shrinkBacklog() throws(UVError) {
        loop.assertInEventLoop()
        guard !closed else { return }
        var fd: uv_os_fd_t = -1
        try uvCheck(uv_fileno(UnsafeMutablePointer<uv_handle_t>(OpaquePointer(handle)), &fd), "uv_fileno")
        if Glibc.listen(fd, 0) != 0 { throw UVError("listen(backlog 0)", code: -errno) }
    }

    /// Accepts every connection already queued (libuv's pending one, then the kernel's queue until `EAGAIN`), hands
    /// each to the accept callback, then closes at once: the window in which a connection can be queued and then
    /// reset by the close shrinks to the few instructions between the last `accept4` and `close`.
    public func drainAndClose() {
        loop.assertInEventLoop()
        guard !closed else { return }
        acceptOne(status: 0)  // libuv may hold one accepted descriptor; without one, uv_accept says EAGAIN
        var fd: uv_os_fd_t = -1
        if uv_fileno(UnsafeMutablePointer<uv_handle_t>(OpaquePointer(handle)), &fd) == 0 {
            while true {
                // The listening socket is non-blocking (libuv), so this returns EAGAIN once the queue is empty (any
                // other error also stops draining). uv_tcp_open makes the new socket non-blocking; close-on-exec here.
                let client = Glibc.accept(fd, nil, nil)
                if client < 0 { break }
                if fcntl(client, F_SETFD, FD_CLOEXEC) != 0 { diagnostic("fcntl(FD_CLOEXEC) failed: errno \(errno)") }
                do {
                    let connection = try TCPConnection(loop: loop, readBufferMax: readBufferMax)
                    let rc = uv_tcp_open(connection.handle, client)
                    if rc != 0 {
                        Glibc.close(client)
                        connection.close()
                        continue
                    }
                    connection.didAccept()
                    onAccept?(connection)
                } catch {
                    Glibc.close(client)
                    diagnostic("accept while draining failed: \(error)")
                }
            }
        }
        close()
    }

    /// Stops accepting and closes the socket.
    public func close() {
        loop.assertInEventLoop()
        guard !closed else { return }
        closed = true
        onAccept = nil
        onAcceptError = nil
        uv_close(UnsafeMutablePointer<uv_handle_t>(OpaquePointer(handle))) { raw in
            let tcp = raw!.withMemoryRebound(to: uv_tcp_t.self, capacity: 1) { $0 }
            Unmanaged<TCPListener>.fromOpaque(tcp.pointee.data).release()
            tcp.deallocate()
        }
    }
}

private func listenerCallback(_ server: UnsafeMutablePointer<uv_stream_t>?, _ status: Int32) {
    Unmanaged<TCPListener>.fromOpaque(server!.pointee.data).takeUnretainedValue().acceptOne(status: status)
}

extension TCPListener {
    /// Whether another socket already listens on `host:port`: binds a probe socket there without `SO_REUSEPORT`
    /// (only `SO_REUSEADDR`, so connections of a previous run in `TIME_WAIT` do not count) and closes it at once. The
    /// kernel refuses such a bind with `EADDRINUSE` while any socket, `SO_REUSEPORT` or not, listens on the port.
    /// Throws for other failures (an address that cannot be bound, no permission).
    public static func isPortInUse(host: String, port: Int) throws(UVError) -> Bool {
        var storage = sockaddr_storage()
        let family = try SocketAddress.make(host: host, port: port, into: &storage)
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        if fd < 0 { throw UVError("socket", code: -errno) }
        defer { Glibc.close(fd) }
        var one: Int32 = 1
        if setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size)) != 0 {
            throw UVError("setsockopt(SO_REUSEADDR)", code: -errno)
        }
        let length = socklen_t(family == AF_INET6 ? MemoryLayout<sockaddr_in6>.size : MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, length) }
        }
        if bound == 0 { return false }
        let code = errno
        if code == EADDRINUSE { return true }
        throw UVError("bind(\(host):\(port))", code: -code)
    }
}
