internal import CZlib

/// Points a `z_stream` at caller-owned input for the duration of one call.
enum ZlibInput {
    /// Sets `next_in`/`avail_in` to successive pieces of `input` (zlib counts in `UInt32`) and
    /// calls `body` for each, with `true` for the last piece; an empty input is one empty piece.
    /// Stops at the first result other than `Z_OK`/`Z_STREAM_END` and returns it. The stream never
    /// keeps a pointer into `input` after this returns.
    static func feed(_ input: Span<UInt8>, to stream: UnsafeMutablePointer<z_stream>,
                     _ body: (_ isLast: Bool) -> Int32) -> Int32 {
        input.withUnsafeBufferPointer { bytes in
            defer {
                stream.pointee.next_in = nil
                stream.pointee.avail_in = 0
            }
            let pieceLimit = Int(UInt32.max)
            var offset = 0
            var rc = Z_OK
            repeat {
                let count = min(bytes.count - offset, pieceLimit)
                // zlib declares next_in non-const but never writes through it.
                stream.pointee.next_in = bytes.baseAddress.map { UnsafeMutablePointer(mutating: $0 + offset) }
                stream.pointee.avail_in = UInt32(count)
                offset += count
                rc = body(offset == bytes.count)
                guard rc == Z_OK || rc == Z_STREAM_END else { return rc }
            } while offset < bytes.count
            precondition(rc != Z_OK || stream.pointee.avail_in == 0, "zlib left input unconsumed")
            return rc
        }
    }
}
