import Synchronization
import HTTP1
import UVCore

/// An error thrown by a streaming body reader, told apart from the body's own framing errors.
private struct ReceiverFailure: Error {
    let error: any Error
}

extension HTTPConnection {
    /// Largest chunk handed to a body reader at once.
    static let maxBodyChunk = 256 * 1024

    /// A handler asks for the next body chunk (on the loop thread).
    func readBody(sequence: Int, _ continuation: CheckedContinuation<[UInt8]?, any Error>) {
        guard sequence == self.sequence, state == .handling, let head = current else {
            return continuation.resume(throwing: HTTPError(400, "Request body is no longer available"))
        }
        guard !hasBodyReader else {
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

    /// A handler streams the rest of the body into `receive` (on the loop thread).
    func streamBody(sequence: Int, into receive: @escaping BodyReceiver, _ continuation: UnsafeContinuation<Void, any Error>) {
        guard sequence == self.sequence, state == .handling, let head = current else {
            return continuation.resume(throwing: HTTPError(400, "Request body is no longer available"))
        }
        guard !hasBodyReader else {
            return continuation.resume(throwing: HTTPError(500, "Request body read twice at once"))
        }
        if bodyDone { return continuation.resume() }
        if head.expectsContinue && !continueSent {
            continueSent = true
            send(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
        }
        bodyReceiver = receive
        streamWaiter = continuation
        deliverBody()
    }

    var hasBodyReader: Bool { bodyWaiter != nil || streamWaiter != nil }

    /// Hands the waiting reader what the buffer holds, or arranges to wait for more.
    func deliverBody() {
        if streamWaiter != nil { return pumpBody() }
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
            waiter.resume(throwing: Self.framingError(error))
        }
    }

    /// Bad chunk framing is the client's fault: its status (400) as an `HTTPError`, which every route answers as is,
    /// never as a 500.
    private static func framingError(_ error: any Error) -> any Error {
        guard let parseError = error as? HTTPParseError else { return error }
        return HTTPError(parseError.status, "Malformed request body: \(parseError.reason)")
    }

    /// Passes the streaming reader everything the buffer holds of the body, in place for a body of known length,
    /// then resumes it at the end of the body or on an error, or waits for more. Each read's bytes reset the
    /// `READ_TIMEOUT` stall deadline, as a delivered chunk does for a chunk reader.
    private func pumpBody() {
        guard let waiter = streamWaiter, let receive = bodyReceiver else { return }
        var received = false
        do {
            while !bodyDone, tcp.buffer.readableCount > 0 {
                if chunked != nil {
                    guard let chunk = try extractBody() else { break }
                    received = true
                    do {
                        try chunk.withUnsafeBytes { try receive($0) }
                    } catch {
                        throw ReceiverFailure(error: error)
                    }
                } else {
                    let count = min(tcp.buffer.readableCount, bodyRemaining)
                    received = true
                    let outcome = tcp.buffer.withReadableBytes { span in
                        span.withUnsafeBytes { bytes in Result { try receive(UnsafeRawBufferPointer(rebasing: bytes[..<count])) } }
                    }
                    tcp.buffer.consume(count)
                    bodyRemaining -= count
                    if bodyRemaining == 0 { bodyDone = true }
                    if case .failure(let error) = outcome { throw ReceiverFailure(error: error) }
                }
            }
        } catch let failure as ReceiverFailure {
            // The reader gave up (its own limit, a bad form): the rest of the body is left unread, as when a chunk
            // reader stops reading.
            endStream()
            setDeadline(.none, after: .zero)
            return waiter.resume(throwing: failure.error)
        } catch {
            endStream()
            bodyDone = true  // the rest is unusable: the connection closes after the response
            closeAfterResponse = true
            return waiter.resume(throwing: Self.framingError(error))
        }
        if bodyDone {
            endStream()
            setDeadline(.none, after: .zero)
            if tcp.buffer.readableCount < config.maxPipelineBuffer { tcp.startReading() }
            return waiter.resume()
        }
        if peerEnded {
            endStream()
            return waiter.resume(throwing: HTTPError(400, "Request body truncated: the client closed the connection"))
        }
        if received || deadlineKind != .body { setDeadline(.body, after: config.readTimeout) }
        tcp.startReading()
    }

    private func endStream() {
        streamWaiter = nil
        bodyReceiver = nil
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
        if let waiter = streamWaiter {
            endStream()
            waiter.resume(throwing: error)
        }
        guard let waiter = bodyWaiter else { return }
        bodyWaiter = nil
        waiter.resume(throwing: error)
    }
}
