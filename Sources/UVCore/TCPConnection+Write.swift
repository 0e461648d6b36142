internal import CLibUV
internal import Glibc

extension TCPConnection {
    /// Sends `bytes`: tries `uv_try_write` first and queues only what the socket did not take. `completion` runs
    /// once every byte is handed to the kernel (possibly before this call returns), or with the error that stopped it.
    public func write(_ bytes: [UInt8], completion: ((UVError?) -> Void)? = nil) {
        guard let filter, !isClosed else { return writeRaw(bytes, completion: completion) }
        do {
            writeRaw(try filter.seal(bytes), completion: completion)
        } catch {
            completion?(UVError("\(error)", code: Int32(UV_EPROTO.rawValue)))
        }
    }

    /// Sends `bytes` as they are, past any filter.
    func writeRaw(_ bytes: [UInt8], completion: ((UVError?) -> Void)? = nil) {
        loop.assertInEventLoop()
        guard !isClosed else {
            completion?(UVError("write", code: Int32(UV_ECANCELED.rawValue)))
            return
        }
        if bytes.isEmpty { completion?(nil); return }
        var offset = 0
        if pendingWrites == 0 {
            let written = bytes.withUnsafeBytes { raw -> Int32 in
                var buf = uv_buf_init(UnsafeMutablePointer(mutating: raw.baseAddress!.assumingMemoryBound(to: CChar.self)), UInt32(raw.count))
                return uv_try_write(stream, &buf, 1)
            }
            if written == Int32(bytes.count) {
                completion?(nil)
                return
            }
            if written >= 0 {
                offset = Int(written)
            } else if written != Int32(UV_EAGAIN.rawValue) {
                completion?(UVError("uv_try_write", code: written))
                return
            }
        }
        let context = WriteContext(bytes: bytes, from: offset, connection: self, completion: completion)
        let request = UnsafeMutablePointer<uv_write_t>.allocate(capacity: 1)
        request.pointee.data = Unmanaged.passRetained(context).toOpaque()
        var buf = uv_buf_init(context.storage.assumingMemoryBound(to: CChar.self), UInt32(context.count))
        let rc = uv_write(request, stream, &buf, 1, connectionWriteCallback)
        if rc != 0 {
            Unmanaged<WriteContext>.fromOpaque(request.pointee.data).release()
            request.deallocate()
            completion?(UVError("uv_write", code: rc))
            return
        }
        writeStarted()
    }
}

/// Bytes queued with `uv_write`; they stay owned here until the write callback.
final class WriteContext {
    let storage: UnsafeMutableRawPointer
    let count: Int
    let connection: TCPConnection
    let completion: ((UVError?) -> Void)?

    init(bytes: [UInt8], from offset: Int, connection: TCPConnection, completion: ((UVError?) -> Void)?) {
        let count = bytes.count - offset
        let storage = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 1)
        bytes.withUnsafeBytes { raw in
            storage.copyMemory(from: raw.baseAddress! + offset, byteCount: count)
        }
        self.count = count
        self.storage = storage
        self.connection = connection
        self.completion = completion
    }

    deinit { storage.deallocate() }
}

private func connectionWriteCallback(_ request: UnsafeMutablePointer<uv_write_t>?, _ status: Int32) {
    let context = Unmanaged<WriteContext>.fromOpaque(request!.pointee.data).takeRetainedValue()
    request!.deallocate()
    context.connection.writeFinished()
    context.completion?(status < 0 ? UVError("uv_write", code: status) : nil)
}
