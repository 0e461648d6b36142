internal import CLibUV
internal import Glibc

/// What a connection tells its owner. Called on the loop thread.
public protocol TCPConnectionDelegate: AnyObject {
    /// New bytes are in `connection.buffer`.
    func connectionDidRead(_ connection: TCPConnection)
    /// The peer closed its sending side (or the read failed: `error` is set).
    func connectionDidEnd(_ connection: TCPConnection, error: UVError?)
    /// The handle is closed; the connection is finished.
    func connectionDidClose(_ connection: TCPConnection)
}

/// An accepted TCP connection on one loop. Thread-confined: use only on `loop`'s thread.
public final class TCPConnection: @unchecked Sendable {
    public let loop: EventLoop
    public let buffer: ReadBuffer
    public weak var delegate: (any TCPConnectionDelegate)?
    /// The peer's numeric address ("" when unknown).
    public private(set) var peerAddress = ""
    public private(set) var peerPort = 0
    public private(set) var isClosed = false
    public private(set) var isReading = false
    /// Bytes received since the connection opened.
    public private(set) var bytesReceived = 0
    /// Writes handed to libuv and not yet completed.
    public private(set) var pendingWrites = 0

    let handle: UnsafeMutablePointer<uv_tcp_t>
    var stream: UnsafeMutablePointer<uv_stream_t> { UnsafeMutablePointer(OpaquePointer(handle)) }
    private var retained: Unmanaged<TCPConnection>?
    /// TLS or another transformation of the byte stream (see `install(filter:)`).
    var filter: (any StreamFilter)?
    var filterScratch: UnsafeMutableRawBufferPointer?
    var filterBacklogged = false

    init(loop: EventLoop, readBufferMax: Int) throws(UVError) {
        self.loop = loop
        buffer = ReadBuffer(initialCapacity: min(16 * 1024, readBufferMax), maxCapacity: readBufferMax)
        handle = .allocate(capacity: 1)
        let rc = uv_tcp_init(loop.loop, handle)
        if rc != 0 {
            handle.deallocate()
            throw UVError("uv_tcp_init", code: rc)
        }
        let me = Unmanaged.passRetained(self)
        retained = me
        handle.pointee.data = me.toOpaque()
    }

    func didAccept() {
        _ = uv_tcp_nodelay(handle, 1)  // best effort: only latency depends on it
        var storage = sockaddr_storage()
        var length = Int32(MemoryLayout<sockaddr_storage>.size)
        let rc = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { uv_tcp_getpeername(handle, $0, &length) }
        }
        if rc == 0, let peer = SocketAddress.describe(&storage) {
            peerAddress = peer.host
            peerPort = peer.port
        }
    }

    /// Starts delivering bytes into `buffer`.
    public func startReading() {
        loop.assertInEventLoop()
        guard !isClosed, !isReading else { return }
        if filterBacklogged {
            // Bytes already received wait in the filter: deliver them on the next loop turn, not from inside the
            // reader's own call.
            filterBacklogged = false
            loop.execute { [self] in openFiltered() }
        }
        let rc = uv_read_start(stream, connectionAllocCallback, connectionReadCallback)
        if rc != 0 {
            delegate?.connectionDidEnd(self, error: UVError("uv_read_start", code: rc))
            return
        }
        isReading = true
    }

    /// Stops reading (flow control); bytes stay in the kernel until `startReading`.
    /// True when the kernel holds bytes from the peer that this connection has not read yet (a peek, no copy). A
    /// deadline that passes while this is true was missed by a late loop, not by the peer: timers run before I/O in
    /// each libuv iteration, so after a stall they would judge connections whose bytes are already here.
    public var hasUnreadBytes: Bool {
        var fd: uv_os_fd_t = -1
        guard uv_fileno(UnsafeMutablePointer<uv_handle_t>(OpaquePointer(handle)), &fd) == 0 else { return false }
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, Int32(MSG_PEEK) | Int32(MSG_DONTWAIT)) > 0
    }

    public func stopReading() {
        loop.assertInEventLoop()
        guard !isClosed, isReading else { return }
        _ = uv_read_stop(stream)  // always 0 for TCP
        isReading = false
    }

    /// Closes the connection now; pending writes are cancelled. `connectionDidClose` follows.
    public func close() {
        loop.assertInEventLoop()
        guard !isClosed else { return }
        isClosed = true
        isReading = false
        uv_close(UnsafeMutablePointer<uv_handle_t>(OpaquePointer(handle))) { raw in
            let tcp = raw!.withMemoryRebound(to: uv_tcp_t.self, capacity: 1) { $0 }
            let connection = Unmanaged<TCPConnection>.fromOpaque(tcp.pointee.data).takeUnretainedValue()
            connection.didClose()
        }
    }

    private func didClose() {
        delegate?.connectionDidClose(self)
        delegate = nil
        filter = nil
        filterScratch?.deallocate()
        filterScratch = nil
        handle.deallocate()
        let me = retained
        retained = nil
        me?.release()
    }

    /// Shuts down the sending side once every pending write is flushed.
    public func shutdown(_ completion: @escaping (UVError?) -> Void) {
        loop.assertInEventLoop()
        guard !isClosed else { return completion(UVError("uv_shutdown", code: Int32(UV_ECANCELED.rawValue))) }
        if let filter {
            let goodbye = filter.closing()
            if !goodbye.isEmpty { writeRaw(goodbye) }
        }
        let request = UnsafeMutablePointer<uv_shutdown_t>.allocate(capacity: 1)
        request.pointee.data = Unmanaged.passRetained(ShutdownContext(completion)).toOpaque()
        let rc = uv_shutdown(request, stream) { req, status in
            let context = Unmanaged<ShutdownContext>.fromOpaque(req!.pointee.data).takeRetainedValue()
            req!.deallocate()
            context.completion(status < 0 ? UVError("uv_shutdown", code: status) : nil)
        }
        if rc != 0 {
            Unmanaged<ShutdownContext>.fromOpaque(request.pointee.data).release()
            request.deallocate()
            completion(UVError("uv_shutdown", code: rc))
        }
    }

    fileprivate func allocate(_ suggested: Int, _ buf: UnsafeMutablePointer<uv_buf_t>) {
        if let scratch = filterScratch {
            buf.pointee = uv_buf_init(scratch.baseAddress!.assumingMemoryBound(to: CChar.self), UInt32(scratch.count))
            return
        }
        if let tail = buffer.reserveTail() {
            buf.pointee = uv_buf_init(UnsafeMutableRawPointer(tail.baseAddress!).assumingMemoryBound(to: CChar.self), UInt32(tail.count))
        } else {
            buf.pointee = uv_buf_init(nil, 0)
        }
    }

    fileprivate func didRead(_ count: Int) {
        if count > 0, filter != nil {
            bytesReceived += count
            didReadFiltered(count)
        } else if count > 0 {
            buffer.didReceive(count)
            bytesReceived += count
            delegate?.connectionDidRead(self)
        } else if count < 0 {
            stopReading()
            let code = Int32(count)
            delegate?.connectionDidEnd(self, error: code == Int32(UV_EOF.rawValue) ? nil : UVError("read", code: code))
        }
    }

    func writeFinished() { pendingWrites -= 1 }
    func writeStarted() { pendingWrites += 1 }
}

private final class ShutdownContext {
    let completion: (UVError?) -> Void
    init(_ completion: @escaping (UVError?) -> Void) { self.completion = completion }
}

private func connectionAllocCallback(_ handle: UnsafeMutablePointer<uv_handle_t>?, _ suggested: Int, _ buf: UnsafeMutablePointer<uv_buf_t>?) {
    Unmanaged<TCPConnection>.fromOpaque(handle!.pointee.data).takeUnretainedValue().allocate(suggested, buf!)
}

private func connectionReadCallback(_ stream: UnsafeMutablePointer<uv_stream_t>?, _ nread: Int, _ buf: UnsafePointer<uv_buf_t>?) {
    Unmanaged<TCPConnection>.fromOpaque(stream!.pointee.data).takeUnretainedValue().didRead(nread)
}
