import Synchronization
import HTTP1
import UVCore
import Logging

/// One client connection: parses requests from the read buffer, runs each as a task on the connection's loop,
/// writes responses in order, and enforces the limits and timeouts. Thread-confined to its loop.
final class HTTPConnection: @unchecked Sendable {
    /// `refusing`: the server decided an error before any handler (head refused, body declared too large); its
    /// response is being made by the error renderer, then the connection closes.
    enum State { case head, handling, discarding, refusing, lingering, closed, http2 }
    enum Deadline { case none, header, idle, body, linger }

    let tcp: TCPConnection
    unowned let context: LoopContext
    var parser: RequestHeadParser
    var state = State.head
    var requestCount = 0

    // The request being handled.
    var current: RequestHead?
    var bodyRemaining = 0
    var chunked: ChunkedDecoder?
    var bodyDone = true
    var continueSent = false
    var bodyWaiter: CheckedContinuation<[UInt8]?, any Error>?
    /// A reader that takes the body as it arrives (`RequestBody.stream(into:)`), and its waiting task.
    var bodyReceiver: BodyReceiver?
    var streamWaiter: UnsafeContinuation<Void, any Error>?
    var task: Task<Void, Never>?
    var sequence = 0

    var peerEnded = false
    var closeAfterResponse = false
    var deadline: UInt64 = 0
    var deadlineKind = Deadline.none
    var writeDeadline: UInt64 = 0
    /// The write queue's size at the last sweep (see `WriteProgress`).
    var writeQueueMark = 0
    var countedBytesIn = 0
    /// True while `processBuffer` runs (see there).
    var parsing = false
    /// Parsing paused because the client does not read its responses (too many writes queued).
    var pausedForWrites = false
    /// Responses queued in libuv beyond which pipelined requests wait until the client reads.
    static let maxQueuedWrites = 8

    /// Set once the connection speaks HTTP/2 (`state == .http2`): it then owns the TCP connection.
    var http2: HTTP2Connection?

    var server: ServerShared { context.shared }
    var config: ServerConfiguration { context.shared.configuration }

    init(tcp: TCPConnection, context: LoopContext) {
        self.tcp = tcp
        self.context = context
        parser = RequestHeadParser(maxHeaderBytes: context.shared.configuration.maxHeaderBytes)
        tcp.delegate = self
        setDeadline(.header, after: context.shared.configuration.headerTimeout)
        tcp.startReading()
    }

    func setDeadline(_ kind: Deadline, after duration: Duration) {
        deadlineKind = kind
        deadline = kind == .none ? 0 : tcp.loop.now + duration.milliseconds
    }

    // MARK: Parsing

    /// Parses as many requests as the buffer holds while no handler runs. Not re-entrant: a handler that finishes
    /// synchronously (inside `start`) lets the loop below go on instead of nesting another one.
    func processBuffer() {
        guard !parsing else { return }
        parsing = true
        defer { parsing = false }
        while state == .head && !pausedForWrites {
            if tcp.buffer.readableCount == 0 {
                if requestCount > 0 {
                    setDeadline(.idle, after: config.idleTimeout)
                    tcp.buffer.shrinkIfIdle()  // an upload grew it: an idle keep-alive connection keeps 16 KiB, not 1 MiB
                }
                if closeAfterResponse { close() }
                return
            }
            if deadlineKind != .header { setDeadline(.header, after: config.headerTimeout) }
            if handOverIfHTTP2Preface() { return }
            let result = tcp.buffer.withReadableBytes { parser.parse($0) }
            switch result {
            case .incomplete:
                return
            case .failure(let error):
                server.stats.parseErrors.add(1, ordering: .relaxed)
                failAndClose(status: error.status, message: error.reason)
                return
            case .complete(let head, let consumed):
                parser.reset()
                tcp.buffer.consume(consumed)
                start(head)
            }
        }
    }

    private func start(_ head: RequestHead) {
        requestCount += 1
        sequence += 1
        server.stats.requests.add(1, ordering: .relaxed)
        if upgradeToHTTP2IfAsked(head) { return }
        if case .length(let length) = head.framing, length > config.maxBodyBytes {
            // Decided from Content-Length before a byte of the body is read; no 100 Continue.
            return refuse(HTTPError.payloadTooLarge(max: config.maxBodyBytes), head: head)
        }
        current = head
        state = .handling
        continueSent = false
        switch head.framing {
        case .none: bodyDone = true; bodyRemaining = 0; chunked = nil
        case .length(let n): bodyDone = n == 0; bodyRemaining = n; chunked = nil
        case .chunked: bodyDone = false; bodyRemaining = 0; chunked = ChunkedDecoder()
        }
        setDeadline(.none, after: .zero)
        if tcp.buffer.readableCount > config.maxPipelineBuffer { tcp.stopReading() }
        let body = head.framing == .none ? RequestBody.empty : RequestBody(framing: head.framing, source: ConnectionBodySource(connection: self, sequence: sequence))
        let request = Request(head: head, peerAddress: tcp.peerAddress, body: body, receivedAt: context.monotonicNanos())
        let sequence = self.sequence
        let responder = server.responder
        let server = self.server
        // Started immediately, on this thread: a handler that never suspends (most small routes) runs to its response
        // right here, with no job enqueued; after a suspension it resumes on this loop (its executor preference).
        let started = Task.immediate(executorPreference: tcp.loop) {
            let response: Response
            do {
                response = try await responder.respond(to: request)
            } catch {
                response = server.response(for: error, to: request)
            }
            if let stream = response.stream {
                await self.stream(sequence: sequence, response: response, body: stream)
            } else {
                self.finish(sequence: sequence, response: response)
            }
        }
        if state == .handling, self.sequence == sequence { task = started }
    }

    // MARK: Responding

    private func finish(sequence: Int, response: Response) {
        guard tcp.loop.inEventLoop else {
            return tcp.loop.execute { self.finish(sequence: sequence, response: response) }
        }
        guard state == .handling, sequence == self.sequence, let head = current else { return }
        task = nil
        let (keepAlive, discard) = keepAliveAfterResponse(head)
        write(response, version: head.version, isHead: head.method == "HEAD", keepAlive: keepAlive)
        afterResponse(keepAlive: keepAlive, discard: discard)
    }

    /// Whether the connection can serve another request after this one, and whether the rest of the body must be
    /// read and dropped first.
    private func keepAliveAfterResponse(_ head: RequestHead) -> (keepAlive: Bool, discard: Bool) {
        // While the server drains (SHUTDOWN_DELAY included) every response says `Connection: close`, so a proxy's
        // pooled connections leave one by one, each after a response, never while a request is on its way.
        var keepAlive = head.keepAlive && !closeAfterResponse && !peerEnded && !server.state.isDraining
        var discard = false
        if !bodyDone {
            if head.expectsContinue && !continueSent {
                keepAlive = false  // the client may never send the body: nothing to read past
            } else if case .length = head.framing, bodyRemaining - tcp.buffer.readableCount <= config.maxDiscardBytes {
                discard = keepAlive
            } else {
                keepAlive = false
            }
        }
        return (keepAlive, discard)
    }

    /// A streamed response: the head (chunked for HTTP/1.1, close-delimited for HTTP/1.0), then each chunk as the
    /// stream yields it, then the last chunk. A stream that throws (or a request cancelled meanwhile) cuts the
    /// response short and closes the connection. Runs in the request's task, on the loop.
    private func stream(sequence: Int, response: Response, body: AsyncThrowingStream<[UInt8], any Error>) async {
        guard tcp.loop.inEventLoop else {
            var plain = response
            plain.stream = nil
            plain.body = []
            return finish(sequence: sequence, response: plain)  // not on the loop: a bug; answer without the stream
        }
        guard state == .handling, sequence == self.sequence, let head = current else { return }
        let isHead = head.method == "HEAD"
        let bodyless = response.status < 200 || response.status == 204 || response.status == 304
        var (keepAlive, discard) = keepAliveAfterResponse(head)
        let chunked = head.version == .http1_1
        if !chunked { keepAlive = false }
        var headers = response.headers
        headers.set("Date", context.dateHeader())
        headers.set("Server", config.serverName)
        headers.remove("Content-Length")
        if chunked && !isHead && !bodyless { headers.set("Transfer-Encoding", "chunked") }
        if !keepAlive { headers.set("Connection", "close") }
        var bytes: [UInt8] = []
        ResponseWriter.writeHead(status: response.status, headers: headers, into: &bytes)
        send(bytes)
        if isHead || bodyless {
            task = nil
            return afterResponse(keepAlive: keepAlive, discard: discard)
        }
        var complete = true
        do {
            for try await chunk in body {
                guard state == .handling, sequence == self.sequence else { return }
                if chunk.isEmpty { continue }
                if chunked {
                    send(Array((String(chunk.count, radix: 16) + "\r\n").utf8) + chunk + [0x0D, 0x0A])
                } else {
                    send(chunk)
                }
            }
            if Task.isCancelled { complete = false }
        } catch {
            complete = false
        }
        guard state == .handling, sequence == self.sequence else { return }
        task = nil
        if complete && chunked { send(Array("0\r\n\r\n".utf8)) }
        if !complete { keepAlive = false; discard = false }
        afterResponse(keepAlive: keepAlive, discard: discard)
    }

    /// After the response went out: close, or drop the rest of the body, or read the next request.
    private func afterResponse(keepAlive: Bool, discard: Bool) {
        current = nil
        resumeWaiter(throwing: HTTPError(400, "request finished"))
        guard keepAlive else { return beginClosing() }
        if discard {
            state = .discarding
            setDeadline(.body, after: config.readTimeout)
            discardBody()
        } else {
            state = .head
            if tcp.pendingWrites > Self.maxQueuedWrites {
                // The client pipelines without reading: stop taking requests until the responses drain.
                pausedForWrites = true
                tcp.stopReading()
                return
            }
            tcp.startReading()
            processBuffer()
        }
    }

    /// Serializes `response` with the server's headers (`Date`, `Server`, `Content-Length`, `Connection`) and sends it.
    func write(_ response: Response, version: HTTPVersion, isHead: Bool, keepAlive: Bool) {
        var headers = response.headers
        headers.set("Date", context.dateHeader())
        headers.set("Server", config.serverName)
        let bodyless = response.status < 200 || response.status == 204 || response.status == 304
        if bodyless {
            headers.remove("Content-Length")
        } else {
            headers.set("Content-Length", String(response.body.count))
        }
        if !keepAlive {
            headers.set("Connection", "close")
        } else if version == .http1_0 {
            headers.set("Connection", "keep-alive")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256 + (isHead || bodyless ? 0 : response.body.count))
        ResponseWriter.writeHead(status: response.status, headers: headers, into: &bytes)
        if !isHead && !bodyless { bytes += response.body }
        send(bytes)
    }

    func send(_ bytes: [UInt8]) {
        server.stats.bytesOut.add(bytes.count, ordering: .relaxed)
        tcp.write(bytes) { [self] error in
            if error != nil {
                if !tcp.isClosed { close() }
            } else if tcp.pendingWrites == 0 {
                writeDeadline = 0
                if pausedForWrites {
                    pausedForWrites = false
                    if state == .head {
                        tcp.startReading()
                        processBuffer()
                    }
                }
            }
        }
        if tcp.pendingWrites > 0 {
            writeDeadline = tcp.loop.now + config.writeTimeout.milliseconds
            writeQueueMark = tcp.queuedWriteBytes
        }
    }

    /// A response for a head that could not be parsed (or arrived too slowly): shaped from what can be read of it,
    /// then close.
    func failAndClose(status: Int, message: String) {
        // The request line and the first header lines are all the answer needs: at most 64 KiB are looked at.
        let limit = min(tcp.buffer.readableCount, 64 * 1024)
        let bytes: [UInt8] = tcp.buffer.withReadableBytes { span in
            var out: [UInt8] = []
            out.reserveCapacity(limit)
            for index in 0..<limit { out.append(span[index]) }
            return out
        }
        refuse(HTTPError(status, message), head: PartialHead.salvage(bytes), parsed: false)
    }

    /// Answers a request the server refused before any handler ran, through the error renderer (which may run the
    /// application's outer middleware), then closes. Input is dropped meanwhile; a renderer that does not answer
    /// within the write timeout gets the connection closed.
    func refuse(_ error: HTTPError, head: RequestHead, parsed: Bool = true) {
        guard state == .head else { return close() }
        state = .refusing
        tcp.stopReading()
        setDeadline(.linger, after: config.writeTimeout)
        let request = Request(head: head, peerAddress: tcp.peerAddress, body: .empty, receivedAt: context.monotonicNanos())
        let renderer = server.errorRenderer
        let version = parsed ? head.version : .http1_1
        let isHead = parsed && head.method == "HEAD"
        let started = Task.immediate(executorPreference: tcp.loop) {
            let response = await renderer.respond(to: error, request: request)
            self.finishRefusal(response, version: version, isHead: isHead)
        }
        if state == .refusing { task = started }
    }

    private func finishRefusal(_ response: Response, version: HTTPVersion, isHead: Bool) {
        guard tcp.loop.inEventLoop else {
            return tcp.loop.execute { self.finishRefusal(response, version: version, isHead: isHead) }
        }
        guard state == .refusing else { return }
        task = nil
        write(response, version: version, isHead: isHead, keepAlive: false)
        beginClosing()
    }

    // MARK: Closing

    /// Flushes pending writes, shuts down the sending side, then discards input until the peer closes or the linger
    /// timeout passes (so the last response is not lost to a reset).
    func beginClosing() {
        guard state != .lingering, state != .closed else { return }
        cancelRequest()
        state = .lingering
        setDeadline(.linger, after: config.lingerTimeout + config.writeTimeout)
        if peerEnded {
            tcp.shutdown { [self] _ in close() }
            return
        }
        tcp.shutdown { [self] error in
            if error != nil { return close() }
            setDeadline(.linger, after: config.lingerTimeout)
            tcp.buffer.consume(tcp.buffer.readableCount)
            tcp.startReading()
        }
    }

    func close() {
        if let http2 { return http2.close() }
        guard state != .closed else { return }
        state = .closed
        cancelRequest()
        tcp.close()
    }

    private func cancelRequest() {
        resumeWaiter(throwing: HTTPError(400, "connection closed"))
        task?.cancel()
        task = nil
    }

    /// Graceful shutdown: an idle connection closes now, a busy one after its current response.
    func drain() {
        if let http2 { return http2.drain() }
        closeAfterResponse = true
        // An idle keep-alive connection closes now. A connection that has not yet served a request was accepted in
        // the last moments (a proxy may already have sent its request, still unread in the socket): it is answered,
        // with `Connection: close`, within the header timeout.
        if state == .head && tcp.buffer.readableCount == 0 && requestCount > 0 { close() }
    }
}

/// The connection as the body's byte source; it checks the request is still the current one.
struct ConnectionBodySource: BodySource {
    let connection: HTTPConnection
    let sequence: Int

    func nextBodyChunk() async throws -> [UInt8]? {
        try await withCheckedThrowingContinuation { continuation in
            if connection.tcp.loop.inEventLoop {
                connection.readBody(sequence: sequence, continuation)
            } else {
                connection.tcp.loop.execute { connection.readBody(sequence: sequence, continuation) }
            }
        }
    }

    func streamBody(into receive: @escaping BodyReceiver) async throws {
        try await withUnsafeThrowingContinuation { continuation in
            if connection.tcp.loop.inEventLoop {
                connection.streamBody(sequence: sequence, into: receive, continuation)
            } else {
                connection.tcp.loop.execute { connection.streamBody(sequence: sequence, into: receive, continuation) }
            }
        }
    }
}
