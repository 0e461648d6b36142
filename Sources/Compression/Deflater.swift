internal import CZlib

/// A streaming gzip or deflate (zlib format) compressor.
///
/// Feed input with `compress(_:into:)` as often as needed, optionally `flush(into:)` to make
/// everything so far decodable, then `finish(into:)` once. The underlying `z_stream` is owned by
/// this value alone (it is not copyable) and freed exactly once, when the value goes away.
public struct Deflater: ~Copyable {
    /// The coding this deflater produces.
    public let coding: ContentCoding
    /// Heap-allocated because zlib keeps a pointer back to the stream: it must never move.
    let stream: UnsafeMutablePointer<z_stream>
    var state: StreamState = .active

    /// Creates a compressor for `coding` at `level` (0 = store, 1 = fastest … 9 = smallest,
    /// -1 = zlib's default, 6). `sizeHint`, the expected total input size when known, lets a
    /// small body use a smaller window and so less memory; more input than hinted is still
    /// compressed correctly, only less tightly.
    public init(coding: ContentCoding, level: Int, sizeHint: Int? = nil) throws(CompressionError) {
        guard (-1...9).contains(level) else {
            throw CompressionError(operation: "deflateInit2", code: CompressionError.invalidArgument,
                                   message: "compression level must be -1…9, got \(level)")
        }
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let parameters = DeflateParameters.sized(for: sizeHint)
        let windowBits = coding.zlibWindowBits(log2Window: parameters.windowBits)
        let rc = eloquent_deflateInit2(stream, Int32(level), Z_DEFLATED, windowBits,
                                       parameters.memLevel, Z_DEFAULT_STRATEGY)
        guard rc == Z_OK else {
            let error = CompressionError.zlib("deflateInit2", code: rc, stream: stream)
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw error
        }
        self.coding = coding
        self.stream = stream
    }

    deinit {
        // Z_DATA_ERROR only says the stream was discarded before finish, which is allowed.
        let rc = deflateEnd(stream)
        assert(rc == Z_OK || rc == Z_DATA_ERROR, "deflateEnd: \(rc)")
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Compresses `input`, appending whatever compressed bytes are ready to `output`.
    /// zlib may hold back output until more input, `flush(into:)` or `finish(into:)`.
    public mutating func compress(_ input: Span<UInt8>, into output: inout [UInt8]) throws(CompressionError) {
        try run("deflate", input: input, flush: Z_NO_FLUSH, into: &output)
    }

    /// Compresses `input`, appending whatever compressed bytes are ready to `output`.
    public mutating func compress(_ input: [UInt8], into output: inout [UInt8]) throws(CompressionError) {
        try compress(input.span, into: &output)
    }

    /// Appends everything compressed so far, ending on a byte boundary (`Z_SYNC_FLUSH`), so a
    /// reader can decode all input given until now. Use between chunks of a streamed body.
    public mutating func flush(into output: inout [UInt8]) throws(CompressionError) {
        try run("deflate(Z_SYNC_FLUSH)", input: Span(), flush: Z_SYNC_FLUSH, into: &output)
    }

    /// Makes a finished (or failed, or part-used) deflater ready for a new stream with the same
    /// coding and level, reusing its memory: cheaper than creating a new one per body.
    public mutating func reset() throws(CompressionError) {
        let rc = deflateReset(stream)
        guard rc == Z_OK else {
            state = .failed
            throw .zlib("deflateReset", code: rc, stream: stream)
        }
        state = .active
    }

    /// Ends the stream, appending the remaining bytes and the trailer to `output`.
    /// Any later call throws `CompressionError.streamClosed`.
    public mutating func finish(into output: inout [UInt8]) throws(CompressionError) {
        try run("deflate(Z_FINISH)", input: Span(), flush: Z_FINISH, into: &output)
        state = .ended
    }

    private mutating func run(_ operation: String, input: Span<UInt8>, flush: Int32,
                              into output: inout [UInt8]) throws(CompressionError) {
        guard state == .active else { throw .closed(operation) }
        let stream = self.stream
        let rc = ZlibInput.feed(input, to: stream) { isLast in
            Deflater.pump(stream, flush: isLast ? flush : Z_NO_FLUSH, into: &output)
        }
        guard rc == Z_OK || rc == Z_STREAM_END else {
            state = .failed
            throw .zlib(operation, code: rc, stream: stream)
        }
    }

    /// Calls `deflate` until it has consumed all input and, for `Z_FINISH`, ended the stream.
    /// Returns `Z_OK`, `Z_STREAM_END` or the failing zlib code.
    static func pump(_ stream: UnsafeMutablePointer<z_stream>, flush: Int32, into output: inout [UInt8]) -> Int32 {
        while true {
            let space = min(max(Int(stream.pointee.avail_in) / 2 + 1024, 4096), 64 * 1024)
            var rc = Z_OK
            var unused = 0
            output.appendBytes(upTo: space) { buffer in
                stream.pointee.next_out = buffer.baseAddress
                stream.pointee.avail_out = UInt32(buffer.count)
                rc = deflate(stream, flush)
                unused = Int(stream.pointee.avail_out)
                stream.pointee.next_out = nil
                stream.pointee.avail_out = 0
                return buffer.count - unused
            }
            switch rc {
            case Z_STREAM_END:
                return Z_STREAM_END
            case Z_OK where flush == Z_FINISH || unused == 0:
                continue  // more output is waiting for space
            case Z_OK:
                return Z_OK  // space left over: all input consumed and the flush is complete
            case Z_BUF_ERROR where flush != Z_FINISH:
                return Z_OK  // no progress possible: nothing left to consume or flush
            default:
                return rc
            }
        }
    }
}

// A Deflater is uniquely owned (not copyable), so moving it to another thread is safe.
extension Deflater: @unchecked Sendable {}

/// The memory zlib gives one deflate stream: window size and hash/buffer size.
struct DeflateParameters: Equatable {
    /// log2 of the window (9…15).
    let windowBits: Int32
    /// zlib's memLevel (1…9): hash table and symbol buffer sizes.
    let memLevel: Int32

    /// zlib's defaults: a 32 KiB window and memLevel 8 (about 256 KiB per stream).
    static let standard = DeflateParameters(windowBits: 15, memLevel: 8)

    /// The smallest window that still reaches back over an input of `count` bytes (zlib matches
    /// at most window − 262 bytes back), so compression stays the same while far less memory is
    /// allocated and cleared per stream: for a 4 KiB body about 40 KiB instead of 256 KiB, which
    /// measured 2–3× faster. nil or large inputs get the standard parameters.
    static func sized(for count: Int?) -> DeflateParameters {
        guard let count, count >= 0 else { return standard }
        var bits: Int32 = 9
        while bits < 15 && (1 << bits) < count + 262 { bits += 1 }
        return bits == 15 ? standard : DeflateParameters(windowBits: bits, memLevel: min(7, bits - 6))
    }
}

extension Array where Element == UInt8 {
    /// Appends up to `maxCount` bytes written by `body` into fresh capacity at the end, without
    /// clearing it first (capacity grows geometrically, as with `append`).
    ///
    /// `body` receives writable, uninitialized space of exactly `maxCount` bytes and returns how
    /// many it filled from the start; only those become part of the array.
    mutating func appendBytes(upTo maxCount: Int, _ body: (UnsafeMutableBufferPointer<UInt8>) -> Int) {
        append(addingCapacity: maxCount) { output in
            output.withUnsafeMutableBufferPointer { space, initialized in
                precondition(space.count >= maxCount && initialized == 0, "Array gave less space than asked")
                let filled = body(UnsafeMutableBufferPointer(rebasing: space[..<maxCount]))
                precondition(filled >= 0 && filled <= maxCount, "zlib wrote outside the space it was given")
                initialized = filled
            }
        }
    }
}
