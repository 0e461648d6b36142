internal import CLibUV
internal import Glibc

extension TCPConnection {
    /// Bytes written and not yet taken by the peer: those libuv still queues (`uv_stream_get_write_queue_size`)
    /// plus those in the kernel's send queue, not yet acknowledged (`TIOCOUTQ`). The sum shrinks as the peer reads
    /// (libuv's part alone can stand still for a long while: the kernel wakes the writer only once much of its
    /// buffer is free), which is how a write timeout tells a slow reader from a stalled one.
    public var queuedWriteBytes: Int {
        guard !isClosed else { return 0 }
        var total = uv_stream_get_write_queue_size(stream)
        var fd: uv_os_fd_t = -1
        let rc = handle.withMemoryRebound(to: uv_handle_t.self, capacity: 1) { uv_fileno($0, &fd) }
        if rc == 0 {
            var unsent: Int32 = 0
            // On failure the kernel's part is unknown: libuv's alone is still a (coarser) measure.
            if ioctl(fd, UInt(TIOCOUTQ), &unsent) == 0 { total += Int(unsent) }
        }
        return total
    }
}
