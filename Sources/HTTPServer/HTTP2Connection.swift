import Synchronization
import HTTP1
import HTTP2
import UVCore
import Logging

/// HTTP/2 on one client connection, after the preface (or an `Upgrade: h2c`): nghttp2 does the framing and flow
/// control, each stream becomes a request task on this loop through the same responder as HTTP/1.1. Output is
/// pulled from the session only while the socket takes it (backpressure); request bodies are acknowledged to the
/// peer (WINDOW_UPDATE) only as handlers read them. Thread-confined to its loop.
final class HTTP2Connection: @unchecked Sendable {
    let tcp: TCPConnection
    unowned let owner: HTTPConnection
    unowned let context: LoopContext
    var session: HTTP2Session!
    var streams: [Int32: HTTP2Stream] = [:]
    /// Handler tasks not yet finished, including those of streams the peer reset (they still cost CPU).
    var liveTasks = 0
    var flushing = false
    var goingAway = false
    var closing = false
    var closed = false
    var resetWindowStart: UInt64 = 0
    var resetsInWindow = 0
    var idleSince: UInt64
    var headerSince: UInt64 = 0
    var writeDeadline: UInt64 = 0
    /// The write queue's size at the last sweep (see `WriteProgress`).
    var writeQueueMark = 0
    var lingerDeadline: UInt64 = 0
    var countedBytesIn: Int

    /// Largest slice of serialized frames taken from the session before writing it.
    static let outputSlice = 64 * 1024

    var server: ServerShared { context.shared }
    var config: ServerConfiguration { context.shared.configuration }

    /// Takes over `tcp` from `owner`. `upgrade`: the HTTP/1.1 request that asked for `Upgrade: h2c` (stream 1).
    init(owner: HTTPConnection, upgrade: (head: RequestHead, settings: [UInt8])?) throws(HTTP2Error) {
        self.owner = owner
        tcp = owner.tcp
        context = owner.context
        idleSince = owner.tcp.loop.now
        countedBytesIn = owner.countedBytesIn
        var settings = HTTP2Settings()
        let config = owner.context.shared.configuration
        settings.maxConcurrentStreams = config.http2MaxConcurrentStreams
        settings.maxHeaderListSize = config.maxHeaderBytes
        // Enough CONTINUATION frames for a header list at the limit in 16 KiB frames, and no more.
        settings.maxContinuations = max(16, config.maxHeaderBytes / 16384 + 4)
        session = try HTTP2Session(settings: settings, delegate: self)
        if let upgrade {
            try session.upgrade(settingsPayload: upgrade.settings, headRequest: upgrade.head.method == "HEAD")
        }
        try session.start()
        tcp.delegate = self
        server.stats.http2Connections.add(1, ordering: .relaxed)
        if let upgrade {
            var head = upgrade.head
            head.version = .http2
            startRequest(stream: 1, head: head)
        }
    }

    // MARK: Input

    /// Feeds what the read buffer holds to the session, then sends what it produced.
    func processInput() {
        guard !closed else { return }
        let total = tcp.bytesReceived
        server.stats.bytesIn.add(total - countedBytesIn, ordering: .relaxed)
        countedBytesIn = total
        if closing {
            tcp.buffer.consume(tcp.buffer.readableCount)
            return
        }
        let count = tcp.buffer.readableCount
        guard count > 0 else { return }
        // No output is pulled while nghttp2 runs its receive callbacks (handlers may answer synchronously there).
        flushing = true
        do {
            try tcp.buffer.withReadableBytes { span throws(HTTP2Error) in
                try span.withUnsafeBytes { raw throws(HTTP2Error) in try session.receive(raw) }
            }
            tcp.buffer.consume(count)
        } catch {
            tcp.buffer.consume(tcp.buffer.readableCount)
            fail(error)
        }
        flushing = false
        flush()
    }

    /// A fatal session error: misbehaviour gets ENHANCE_YOUR_CALM, a protocol error PROTOCOL_ERROR, then the
    /// connection closes once the GOAWAY is out.
    func fail(_ error: HTTP2Error) {
        let abuse = session.abuse
        if abuse != nil || error.isFlood {
            server.stats.http2Abuse.add(1, ordering: .relaxed)
            server.logger.warning("HTTP/2 client cut off", metadata: [
                "peer": "\(tcp.peerAddress)", "reason": "\(abuse ?? error.description)"])
            terminate(.enhanceYourCalm)
        } else {
            server.logger.debug("HTTP/2 protocol error", metadata: ["peer": "\(tcp.peerAddress)", "error": "\(error)"])
            terminate(.protocolError)
        }
    }

    func terminate(_ code: HTTP2ErrorCode) {
        goingAway = true
        do { try session.terminate(code) } catch { close() }
        cancelAll()
    }

    // MARK: Output

    /// Writes what the session has to send while the socket takes it; resumes from the write completion.
    func flush() {
        guard !flushing, !closed else { return }
        flushing = true
        defer { flushing = false }
        while tcp.pendingWrites == 0, !tcp.isClosed {
            var out: [UInt8] = []
            do {
                try session.collectOutput(into: &out, limit: Self.outputSlice)
            } catch {
                server.logger.debug("HTTP/2 output failed", metadata: ["error": "\(error)"])
                return close()
            }
            if out.isEmpty { break }
            send(out)
        }
        if tcp.pendingWrites > 0, writeDeadline == 0 {
            writeDeadline = tcp.loop.now + config.writeTimeout.milliseconds
            writeQueueMark = tcp.queuedWriteBytes
        }
        finishIfDone()
    }

    private func send(_ bytes: [UInt8]) {
        server.stats.bytesOut.add(bytes.count, ordering: .relaxed)
        tcp.write(bytes) { [self] error in
            if error != nil { return close() }
            if tcp.pendingWrites == 0 {
                writeDeadline = 0
                flush()
            }
        }
    }

    /// Closes once the session is over (GOAWAY exchanged, or draining with no stream left) and the output is out.
    func finishIfDone() {
        guard !closed, !closing, tcp.pendingWrites == 0, !session.wantsWrite else { return }
        let over = !session.isAlive || (goingAway && streams.isEmpty && liveTasks == 0)
        guard over else { return }
        closing = true
        cancelAll()
        // Half-close, then keep reading (and discarding) briefly so the GOAWAY is not destroyed by a reset.
        lingerDeadline = tcp.loop.now + config.lingerTimeout.milliseconds + config.writeTimeout.milliseconds
        tcp.shutdown { [self] error in
            if error != nil || owner.peerEnded { return close() }
            lingerDeadline = tcp.loop.now + config.lingerTimeout.milliseconds
            tcp.startReading()
        }
    }

    // MARK: Lifecycle

    /// Graceful shutdown: GOAWAY now, in-flight streams finish, then the connection closes.
    func drain() {
        guard !goingAway, !closed else { return }
        goingAway = true
        do { try session.goAway() } catch { return close() }
        flush()
    }

    func close() {
        guard !closed else { return }
        closed = true
        cancelAll()
        tcp.close()
    }

    func cancelAll() {
        for stream in streams.values {
            stream.task?.cancel()
            stream.resumeWaiter(throwing: HTTPError(400, "connection closed"))
        }
    }

    /// Called by the loop's sweeper: write, header, body-read and idle timeouts.
    func sweep(now: UInt64) {
        if closed { return }
        if closing {
            if now >= lingerDeadline { close() }
            return
        }
        if WriteProgress.stalled(tcp, deadline: &writeDeadline, mark: &writeQueueMark, now: now, timeout: config.writeTimeout) {
            server.stats.timeouts.add(1, ordering: .relaxed)
            return close()
        }
        if session.isReceivingHeaders {
            if headerSince == 0 { headerSince = now }
            if now - headerSince >= config.headerTimeout.milliseconds {
                server.stats.timeouts.add(1, ordering: .relaxed)
                return terminateAndFlush(.enhanceYourCalm)
            }
        } else {
            headerSince = 0
        }
        for stream in streams.values where stream.readDeadline != 0 && now >= stream.readDeadline {
            server.stats.timeouts.add(1, ordering: .relaxed)
            stream.readDeadline = 0
            stream.resumeWaiter(throwing: HTTPError(408, "Request body timeout"))
        }
        if streams.isEmpty, liveTasks == 0, !goingAway {
            if now - idleSince >= config.idleTimeout.milliseconds { drain() }
        }
    }

    private func terminateAndFlush(_ code: HTTP2ErrorCode) {
        terminate(code)
        flush()
    }
}

extension HTTP2Connection: TCPConnectionDelegate {
    func connectionDidRead(_ connection: TCPConnection) {
        processInput()
    }

    func connectionDidEnd(_ connection: TCPConnection, error: UVError?) {
        owner.peerEnded = true
        close()
    }

    func connectionDidClose(_ connection: TCPConnection) {
        closed = true
        cancelAll()
        streams.removeAll()
        owner.connectionDidClose(connection)
    }
}
