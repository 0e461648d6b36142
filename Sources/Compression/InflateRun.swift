internal import CZlib

/// One `Inflater.decompress` call's loop over `inflate`, with the output limit and gzip members.
struct InflateRun {
    let stream: UnsafeMutablePointer<z_stream>
    let coding: ContentCoding
    var state: StreamState
    /// Bytes the caller's limit still allows.
    var remaining: Int

    /// Inflates the input the stream points at until all of it is consumed.
    /// Returns `Z_OK`, `Z_STREAM_END` or a failing code (zlib's or `CompressionError`'s).
    mutating func pump(into output: inout [UInt8]) -> Int32 {
        while true {
            if state == .ended {
                guard stream.pointee.avail_in > 0 else { return Z_STREAM_END }
                // Bytes after the end: only gzip may continue, with another member.
                guard coding == .gzip else { return CompressionError.trailingData }
                let reset = inflateReset(stream)
                guard reset == Z_OK else { return reset }
                state = .active
            }
            let pending = min(Int(stream.pointee.avail_in), 1 << 20)
            var space = min(max(pending * 4, 4096), 64 * 1024)
            // One byte past the limit so that exceeding it is seen, not silently cut.
            if remaining < space { space = remaining + 1 }
            var rc = Z_OK
            var unused = 0
            output.appendBytes(upTo: space) { buffer in
                stream.pointee.next_out = buffer.baseAddress
                stream.pointee.avail_out = UInt32(buffer.count)
                rc = inflate(stream, Z_NO_FLUSH)
                unused = Int(stream.pointee.avail_out)
                stream.pointee.next_out = nil
                stream.pointee.avail_out = 0
                return buffer.count - unused
            }
            remaining -= space - unused
            if remaining < 0 { return CompressionError.outputLimitExceeded }
            switch rc {
            case Z_STREAM_END:
                state = .ended
            case Z_OK where stream.pointee.avail_in == 0 && unused > 0:
                return Z_OK  // all input consumed, nothing held back: wait for more input
            case Z_OK:
                continue
            case Z_BUF_ERROR where stream.pointee.avail_in == 0:
                return Z_OK  // no progress possible without more input
            case Z_NEED_DICT:
                return Z_NEED_DICT
            default:
                return rc
            }
        }
    }

    /// The error for a failing code returned by `pump`.
    func error(code: Int32) -> CompressionError {
        switch code {
        case CompressionError.outputLimitExceeded:
            return CompressionError(operation: "inflate", code: code,
                                    message: "decompressed output exceeds the limit")
        case CompressionError.trailingData:
            return CompressionError(operation: "inflate", code: code,
                                    message: "data follows the end of the \(coding.rawValue) stream")
        case Z_NEED_DICT:
            return CompressionError(operation: "inflate", code: Z_DATA_ERROR,
                                    message: "stream needs a preset dictionary, which HTTP codings do not use")
        default:
            return .zlib("inflate", code: code, stream: stream)
        }
    }
}
