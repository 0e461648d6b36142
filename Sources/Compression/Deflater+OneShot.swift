internal import CZlib

extension Deflater {
    /// Compresses all of `input` and finishes the stream, returning the whole compressed body.
    /// One `deflate(Z_FINISH)` call writes into an array sized by `deflateBound`, so no output
    /// is copied or grown. Call `reset()` before using the deflater for another body. After earlier
    /// `compress` calls it appends `input` and finishes the same stream.
    public mutating func compressAndFinish(_ input: Span<UInt8>) throws(CompressionError) -> [UInt8] {
        guard state == .active else { throw .closed("deflate(Z_FINISH)") }
        let stream = self.stream
        guard stream.pointee.total_in == 0 && stream.pointee.total_out == 0 else {
            // Earlier input may be pending inside zlib, which deflateBound does not count.
            var output: [UInt8] = []
            try compress(input, into: &output)
            try finish(into: &output)
            return output
        }
        // zlib 1.2.13's bound is a few bytes short for tiny stored (level 0) streams: add slack.
        let bound = Int(deflateBound(stream, UInt(input.count))) + 64
        var rc = Z_OK
        let result = [UInt8](unsafeUninitializedCapacity: bound) { buffer, initialized in
            rc = ZlibInput.feed(input, to: stream) { isLast in
                stream.pointee.next_out = buffer.baseAddress.map { $0 + initialized }
                stream.pointee.avail_out = UInt32(clamping: buffer.count - initialized)
                let step = deflate(stream, isLast ? Z_FINISH : Z_NO_FLUSH)
                initialized = buffer.count - Int(stream.pointee.avail_out)
                stream.pointee.next_out = nil
                stream.pointee.avail_out = 0
                return step == Z_OK && !isLast ? Z_OK : step
            }
        }
        switch rc {
        case Z_STREAM_END:
            state = .ended
            return result
        case Z_OK, Z_BUF_ERROR:
            // Out of room after all: start this fresh stream again, growing the output as needed.
            try reset()
            var output: [UInt8] = []
            try compress(input, into: &output)
            try finish(into: &output)
            return output
        default:
            state = .failed
            throw .zlib("deflate(Z_FINISH)", code: rc, stream: stream)
        }
    }

    /// Compresses all of `input` and finishes the stream, returning the whole compressed body.
    public mutating func compressAndFinish(_ input: [UInt8]) throws(CompressionError) -> [UInt8] {
        try compressAndFinish(input.span)
    }
}
