/// Incremental decoder for the chunked transfer coding (RFC 9112 §7.1). Reads the connection buffer in place
/// and works with input split anywhere, down to one byte per call. A thrown error is final (answer 400, close).
public struct ChunkedDecoder: Sendable {
    private enum State: Sendable {
        case chunkLine, data, dataCR, dataLF, trailers, done
    }

    public let maxChunkLineBytes: Int
    public let maxTrailerBytes: Int

    private var state = State.chunkLine
    private var remaining = 0
    private var line = ChunkLineScanner()
    private var trailerSection = TrailerCollector()

    /// Total payload decoded so far (the caller enforces the body limit with it).
    public private(set) var decodedBytes = 0

    /// The trailer fields, complete once `isDone`.
    public var trailers: HTTPHeaders { trailerSection.fields }

    /// The whole body, trailers and final CRLF included, has been consumed.
    public var isDone: Bool { state == .done }

    public init(maxChunkLineBytes: Int = 4096, maxTrailerBytes: Int = 16384) {
        self.maxChunkLineBytes = maxChunkLineBytes
        self.maxTrailerBytes = maxTrailerBytes
    }

    /// Consumes input from `bytes` (starting at the first unconsumed body byte), appends decoded payload to `output`
    /// (never more than `maxOutput` bytes this call; stops consuming at that point), returns input bytes consumed and
    /// whether the whole body incl. trailers and final CRLF has been consumed. Works when fed one byte at a time.
    public mutating func decode(
        _ bytes: Span<UInt8>, into output: inout [UInt8], maxOutput: Int
    ) throws(HTTPParseError) -> (consumed: Int, done: Bool) {
        var index = 0
        var produced = 0
        let count = bytes.count
        while index < count {
            switch state {
            case .data:
                let take = min(remaining, count - index, maxOutput - produced)
                guard take > 0 else { return (index, false) }
                Self.append(bytes, index..<(index + take), to: &output)
                index += take
                produced += take
                remaining -= take
                decodedBytes += take
                if remaining == 0 { state = .dataCR }
            case .chunkLine:
                if let size = try line.feed(bytes[index], maxLineBytes: maxChunkLineBytes) {
                    line.reset()
                    remaining = size
                    state = size == 0 ? .trailers : .data
                }
                index += 1
            case .dataCR:
                guard bytes[index] == ASCII.cr else { throw .badRequest("chunk data not followed by CRLF") }
                state = .dataLF
                index += 1
            case .dataLF:
                guard bytes[index] == ASCII.lf else { throw .badRequest("chunk data not followed by CRLF") }
                state = .chunkLine
                index += 1
            case .trailers:
                let byte = bytes[index]
                index += 1
                if try trailerSection.feed(byte, maxBytes: maxTrailerBytes) {
                    state = .done
                    return (index, true)
                }
            case .done:
                return (index, true)
            }
        }
        return (index, state == .done)
    }

    /// Appends `bytes[range]` to `output` with one capacity check and a plain copy loop.
    private static func append(_ bytes: Span<UInt8>, _ range: Range<Int>, to output: inout [UInt8]) {
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: range.count))
        var destination = output.mutableSpan
        var target = start
        for index in range {
            destination[target] = bytes[index]
            target += 1
        }
    }
}
