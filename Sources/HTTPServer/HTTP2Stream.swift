import UVCore
import HTTP1

/// One request/response exchange on an HTTP/2 connection. Confined to the connection's loop.
final class HTTP2Stream {
    let id: Int32
    var isHead = false
    /// Body bytes received and not yet handed to the handler (bounded by the stream's window).
    var pending: [[UInt8]] = []
    var pendingBytes = 0
    var receivedBytes = 0
    var requestEnded = false
    /// Set when the body can no longer be read (too large): the reader gets it.
    var bodyError: HTTPError?
    var waiter: CheckedContinuation<[UInt8]?, any Error>?
    var readDeadline: UInt64 = 0
    var task: Task<Void, Never>?
    var responded = false
    var responseBody: [UInt8] = []
    var responseOffset = 0

    init(id: Int32) { self.id = id }

    func resumeWaiter(throwing error: any Error) {
        guard let waiter else { return }
        self.waiter = nil
        readDeadline = 0
        waiter.resume(throwing: error)
    }

    /// Takes up to `limit` buffered body bytes in one array.
    func takePending(limit: Int) -> [UInt8] {
        if pending.count == 1, pending[0].count <= limit {
            pendingBytes = 0
            return pending.removeFirst()
        }
        var out: [UInt8] = []
        out.reserveCapacity(min(limit, pendingBytes))
        while let first = pending.first, out.count < limit {
            let room = limit - out.count
            if first.count <= room {
                out += first
                pending.removeFirst()
            } else {
                out += first[..<room]
                pending[0].removeFirst(room)
            }
        }
        pendingBytes -= out.count
        return out
    }
}

/// A stream's request body as the handler's byte source.
struct HTTP2BodySource: BodySource {
    let connection: HTTP2Connection
    let stream: Int32

    func nextBodyChunk() async throws -> [UInt8]? {
        try await withCheckedThrowingContinuation { continuation in
            if connection.tcp.loop.inEventLoop {
                connection.readBody(stream: stream, continuation)
            } else {
                connection.tcp.loop.execute { connection.readBody(stream: stream, continuation) }
            }
        }
    }
}
