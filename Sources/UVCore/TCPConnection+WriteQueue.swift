internal import CLibUV

extension TCPConnection {
    /// Bytes handed to libuv that the socket has not taken yet (`uv_stream_get_write_queue_size`): it shrinks as the
    /// peer reads, which is how a write timeout tells a slow reader from a stalled one.
    public var queuedWriteBytes: Int { isClosed ? 0 : uv_stream_get_write_queue_size(stream) }
}
