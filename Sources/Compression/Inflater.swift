internal import CZlib

/// A streaming gzip or deflate (zlib format, RFC 1950) decompressor with an output limit.
///
/// Every call checks the running output total against `maxOutput` and throws
/// `CompressionError.outputLimitExceeded` as soon as it would be passed, so a small hostile
/// input (a "zip bomb") never costs more than `maxOutput` bytes of memory. Corrupt input throws.
/// Concatenated gzip members are decoded one after another, as `gzip -d` does.
public struct Inflater: ~Copyable {
    /// The coding this inflater decodes.
    public let coding: ContentCoding
    /// The most bytes this inflater will produce in total.
    public let maxOutput: Int
    /// Bytes produced so far.
    public private(set) var totalOutput = 0
    /// Heap-allocated because zlib keeps a pointer back to the stream: it must never move.
    private let stream: UnsafeMutablePointer<z_stream>
    private var state: StreamState = .active

    /// Creates a decompressor for `coding` that produces at most `maxOutput` bytes (≥ 0).
    public init(coding: ContentCoding, maxOutput: Int) throws(CompressionError) {
        guard maxOutput >= 0 else {
            throw CompressionError(operation: "inflateInit2", code: CompressionError.invalidArgument,
                                   message: "maxOutput must not be negative, got \(maxOutput)")
        }
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let rc = eloquent_inflateInit2(stream, coding.zlibWindowBits())
        guard rc == Z_OK else {
            let error = CompressionError.zlib("inflateInit2", code: rc, stream: stream)
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw error
        }
        self.coding = coding
        self.maxOutput = maxOutput
        self.stream = stream
    }

    deinit {
        let rc = inflateEnd(stream)
        assert(rc == Z_OK, "inflateEnd: \(rc)")
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// True once the compressed stream has ended; more gzip members may still follow.
    public var isAtEndOfStream: Bool { state == .ended }

    /// Decompresses `input`, appending the decoded bytes to `output`.
    public mutating func decompress(_ input: Span<UInt8>, into output: inout [UInt8]) throws(CompressionError) {
        guard state != .failed else { throw .closed("inflate") }
        var run = InflateRun(stream: stream, coding: coding, state: state,
                             remaining: maxOutput - totalOutput)
        let rc = ZlibInput.feed(input, to: stream) { _ in run.pump(into: &output) }
        totalOutput = maxOutput - run.remaining
        state = run.state
        guard rc == Z_OK || rc == Z_STREAM_END else {
            state = .failed
            throw run.error(code: rc)
        }
    }

    /// Decompresses `input`, appending the decoded bytes to `output`.
    public mutating func decompress(_ input: [UInt8], into output: inout [UInt8]) throws(CompressionError) {
        try decompress(input.span, into: &output)
    }

    /// Checks that the input seen so far was a complete stream; throws
    /// `CompressionError.truncatedInput` when it stopped part-way.
    public func finish() throws(CompressionError) {
        switch state {
        case .ended:
            return
        case .failed:
            throw .closed("inflate")
        case .active:
            throw CompressionError(operation: "inflate", code: CompressionError.truncatedInput,
                                   message: "compressed input ended before the end of the stream")
        }
    }
}

// An Inflater is uniquely owned (not copyable), so moving it to another thread is safe.
extension Inflater: @unchecked Sendable {}

extension Inflater {
    /// Decodes a complete `coding` body, producing at most `maxOutput` bytes; throws when the
    /// input is corrupt, truncated, followed by garbage, or decodes to more than `maxOutput`.
    public static func decompress(_ bytes: [UInt8], coding: ContentCoding, maxOutput: Int) throws(CompressionError) -> [UInt8] {
        var inflater = try Inflater(coding: coding, maxOutput: maxOutput)
        var output: [UInt8] = []
        output.reserveCapacity(min(maxOutput, max(bytes.count * 3, 4096)))
        try inflater.decompress(bytes, into: &output)
        try inflater.finish()
        return output
    }
}

/// Where a zlib stream owned by `Deflater` or `Inflater` stands.
enum StreamState: Sendable, Equatable {
    /// Accepting input.
    case active
    /// The compressed stream has ended (deflate: finished; inflate: end of stream seen).
    case ended
    /// A call failed; the stream accepts nothing more.
    case failed
}
