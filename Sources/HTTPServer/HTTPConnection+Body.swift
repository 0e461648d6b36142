import Synchronization
import HTTP1
import UVCore

extension HTTPConnection {
    /// Largest chunk handed to a body reader at once.
    static let maxBodyChunk = 256 * 1024

    /// A handler asks for the next body chunk (on the loop thread).
    func readBody(sequence: Int, _ continuation: CheckedContinuation<[UInt8]?, any Error>) {
        guard sequence == self.sequence, state == .handling, let head = current else {
            return continuation.resume(throwing: HTTPError(400, "Request body is no longer available"))
        }
        guard bodyWaiter == nil else {
            return continuation.resume(throwing: HTTPError(500, "Request body read twice at once"))
        }
        if bodyDone { return continuation.resume(returning: nil) }
        if head.expectsContinue && !continueSent {
            continueSent = true
            send(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
        }
        bodyWaiter = continuation
        deliverBody()
    }

    /// Hands the waiting reader what the buffer holds, or arranges to wait for more.
    func deliverBody() {
        guard let waiter = bodyWaiter else { return }
        do {
            if let chunk = try extractBody() {
                bodyWaiter = nil
                setDeadline(.none, after: .zero)
                if tcp.buffer.readableCount < config.maxPipelineBuffer { tcp.startReading() }
                return waiter.resume(returning: chunk)
            }
            if bodyDone {
                bodyWaiter = nil
                setDeadline(.none, after: .zero)
                return waiter.resume(returning: nil)
            }
            if peerEnded {
                bodyWaiter = nil
                return waiter.resume(throwing: HTTPError(400, "Request body truncated: the client closed the connection"))
            }
            if deadlineKind != .body { setDeadline(.body, after: config.readTimeout) }
            tcp.startReading()
        } catch {
            bodyWaiter = nil
            bodyDone = true  // the rest is unusable: the connection closes after the response
            closeAfterResponse = true
            // Bad chunk framing is the client's fault: its status (400) as an `HTTPError`, which every route answers
            // as is, never as a 500.
            if let parseError = error as? HTTPParseError {
                return waiter.resume(throwing: HTTPError(parseError.status, "Malformed request body: \(parseError.reason)"))
            }
            waiter.resume(throwing: error)
        }
    }

    /// Takes the next piece of body from the buffer; nil when nothing is available yet (or the body just ended).
    private func extractBody() throws -> [UInt8]? {
        let readable = tcp.buffer.readableCount
        if readable == 0 || bodyDone { return nil }
        if var decoder = chunked {
            var out: [UInt8] = []
            let result = try tcp.buffer.withReadableBytes { bytes throws(HTTPParseError) in
                try decoder.decode(bytes, into: &out, maxOutput: Self.maxBodyChunk)
            }
            chunked = decoder
            tcp.buffer.consume(result.consumed)
            if decoder.decodedBytes > config.maxBodyBytes { throw HTTPError.payloadTooLarge(max: config.maxBodyBytes) }
            if result.done { bodyDone = true }
            return out.isEmpty ? nil : out
        }
        let count = min(readable, bodyRemaining, Self.maxBodyChunk)
        let chunk = tcp.buffer.take(count)
        bodyRemaining -= count
        if bodyRemaining == 0 { bodyDone = true }
        return chunk
    }

    /// After a response: read and drop the rest of a body so the connection can serve the next request.
    func discardBody() {
        let count = min(tcp.buffer.readableCount, bodyRemaining)
        tcp.buffer.consume(count)
        bodyRemaining -= count
        if bodyRemaining == 0 {
            bodyDone = true
            state = .head
            setDeadline(.idle, after: config.idleTimeout)
            processBuffer()
        } else {
            tcp.startReading()
        }
    }

    func resumeWaiter(throwing error: any Error) {
        guard let waiter = bodyWaiter else { return }
        bodyWaiter = nil
        waiter.resume(throwing: error)
    }
}
