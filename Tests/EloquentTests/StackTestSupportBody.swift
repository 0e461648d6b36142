import HTTP1
import Synchronization
@testable import HTTPServer

/// A request body delivered in the given chunks, as a connection would deliver a chunked (or sized) body.
final class StackChunkSource: BodySource {
    private let remaining: Mutex<[[UInt8]]>
    private let delivered = Atomic<Int>(0)

    init(_ chunks: [[UInt8]]) { remaining = Mutex(chunks) }

    /// Bytes handed out so far.
    var deliveredBytes: Int { delivered.load(ordering: .relaxed) }

    func nextBodyChunk() async throws -> [UInt8]? {
        let chunk = remaining.withLock { $0.isEmpty ? nil : $0.removeFirst() }
        if let chunk { delivered.add(chunk.count, ordering: .relaxed) }
        return chunk
    }

    /// A chunked body of these chunks.
    static func chunked(_ chunks: [[UInt8]]) -> (RequestBody, StackChunkSource) {
        let source = StackChunkSource(chunks)
        return (RequestBody(framing: .chunked, source: source), source)
    }

    /// A body declared with `Content-Length: declared`, holding these chunks.
    static func sized(_ declared: Int, _ chunks: [[UInt8]] = []) -> (RequestBody, StackChunkSource) {
        let source = StackChunkSource(chunks)
        return (RequestBody(framing: .length(declared), source: source), source)
    }
}
