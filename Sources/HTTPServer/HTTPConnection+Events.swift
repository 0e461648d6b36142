import Synchronization
import HTTP1
import UVCore

extension HTTPConnection: TCPConnectionDelegate {
    func connectionDidRead(_ connection: TCPConnection) {
        let total = connection.bytesReceived
        server.stats.bytesIn.add(total - countedBytesIn, ordering: .relaxed)
        countedBytesIn = total
        switch state {
        case .head:
            processBuffer()
        case .handling:
            if hasBodyReader {
                deliverBody()
            } else if connection.buffer.readableCount >= config.maxPipelineBuffer {
                connection.stopReading()  // nobody reads yet: let TCP push back on the client
            }
        case .discarding:
            discardBody()
        case .lingering, .refusing:
            connection.buffer.consume(connection.buffer.readableCount)
        case .closed, .http2:
            break
        }
    }

    func connectionDidEnd(_ connection: TCPConnection, error: UVError?) {
        peerEnded = true
        switch state {
        case .handling:
            if error != nil { return close() }
            if hasBodyReader { deliverBody() }
            // The client is gone or half-closed: whatever the handler waits for is no longer wanted.
            if bodyDone { task?.cancel() }
        case .refusing:
            break  // the refusal is being answered; it closes after
        case .head, .discarding, .lingering:
            close()
        case .closed, .http2:
            break
        }
    }

    func connectionDidClose(_ connection: TCPConnection) {
        state = .closed
        resumeWaiter(throwing: HTTPError(400, "connection closed"))
        task?.cancel()
        task = nil
        context.remove(self)
    }

    /// Called by the loop's sweeper: enforces the inactivity timeouts.
    func sweep(now: UInt64) {
        if let http2 { return http2.sweep(now: now) }
        if WriteProgress.stalled(tcp, deadline: &writeDeadline, mark: &writeQueueMark, now: now, timeout: config.writeTimeout) {
            server.stats.timeouts.add(1, ordering: .relaxed)
            return close()
        }
        guard deadline != 0, now >= deadline else { return }
        let kind = deadlineKind
        if kind != .linger, tcp.hasUnreadBytes {
            // The client did send: this loop ran late (a stall, a starved thread) and reads after its timers. Judge
            // again at the next sweep, once the bytes are read.
            return setDeadline(kind, after: .milliseconds(1))
        }
        setDeadline(.none, after: .zero)
        switch kind {
        case .header:
            server.stats.timeouts.add(1, ordering: .relaxed)
            if tcp.buffer.readableCount > 0 {
                failAndClose(status: 408, message: "Request header timeout")
            } else {
                close()
            }
        case .body:
            server.stats.timeouts.add(1, ordering: .relaxed)
            if state == .handling {
                closeAfterResponse = true
                resumeWaiter(throwing: HTTPError(408, "Request body timeout"))
            } else {
                close()
            }
        case .linger where tcp.pendingWrites > 0 && writeDeadline != 0:
            // Still sending the last response to a client that keeps taking it: `WRITE_TIMEOUT`, a stall limit,
            // is in charge until the response is out.
            setDeadline(.linger, after: config.lingerTimeout + config.writeTimeout)
        case .idle, .linger:
            close()
        case .none:
            break
        }
    }
}
