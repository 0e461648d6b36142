import Synchronization
import HTTP1
import HTTP2
import UVCore
import Logging

extension HTTP2Connection {
    /// Response header fields that are HTTP/1.1 connection management, forbidden in HTTP/2 (RFC 9113 §8.2.2).
    static let connectionSpecific: Set<String> = ["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade"]

    /// Resets from the peer allowed per second before the connection is cut (rapid reset, CVE-2023-44487).
    var resetLimit: Int { max(100, 2 * config.http2MaxConcurrentStreams) }

    /// Builds the request head from a stream's header block, or answers the stream directly when it cannot be one.
    func requestHead(stream id: Int32, fields: [HTTP2Field], endStream: Bool) -> RequestHead? {
        var method: String?
        var target: String?
        var authority: String?
        var headers = HTTPHeaders(minimumCapacity: fields.count)
        var cookies: [String] = []
        for (name, value) in fields {
            switch name {
            case ":method": method = value
            case ":path": target = value
            case ":authority": authority = value
            case ":scheme", ":protocol": break
            case "cookie": cookies.append(value)  // HTTP/2 may split cookies; HTTP/1 handlers expect one field
            default: headers.add(name, value)
            }
        }
        if !cookies.isEmpty { headers.add("cookie", cookies.joined(separator: "; ")) }
        if let authority, !headers.contains("host") { headers.add("host", authority) }
        guard let method, let target, !target.isEmpty else {
            respondDirectly(stream: id, server.errorRenderer.response(for: HTTPError(400, "Missing :method or :path"), path: target))
            return nil
        }
        var path = target
        var query: String?
        if let mark = target.firstIndex(of: "?") {
            path = String(target[..<mark])
            query = String(target[target.index(after: mark)...])
        }
        var framing = BodyFraming.chunked  // length unknown: read until END_STREAM
        if endStream {
            framing = .none
        } else if let text = headers["content-length"] {
            guard let length = Int(text), length >= 0 else {
                respondDirectly(stream: id, server.errorRenderer.response(for: HTTPError(400, "Invalid Content-Length"), path: path))
                return nil
            }
            if length > config.maxBodyBytes {
                respondDirectly(stream: id, server.errorRenderer.response(for: HTTPError.payloadTooLarge(max: config.maxBodyBytes), path: path))
                return nil
            }
            framing = .length(length)
        }
        return RequestHead(method: method, target: target, path: path, query: query, version: .http2, headers: headers,
                           framing: framing, keepAlive: true, expectsContinue: false)
    }

    /// Runs one stream's request through the server's responder as a task on this loop.
    func startRequest(stream id: Int32, head: RequestHead) {
        let stream = HTTP2Stream(id: id)
        stream.isHead = head.method == "HEAD"
        stream.requestEnded = head.framing == .none
        streams[id] = stream
        liveTasks += 1
        server.stats.http2Requests.add(1, ordering: .relaxed)
        let body = head.framing == .none
            ? RequestBody.empty : RequestBody(framing: head.framing, source: HTTP2BodySource(connection: self, stream: id))
        let request = Request(head: head, peerAddress: tcp.peerAddress, body: body, receivedAt: context.monotonicNanos())
        let responder = server.responder
        let server = self.server
        let started = Task.immediate(executorPreference: tcp.loop) {
            var response: Response
            do {
                response = try await responder.respond(to: request)
            } catch {
                response = server.response(for: error, to: request)
            }
            if let stream = response.stream {
                // Over HTTP/2 a produced body is collected, then sent as one DATA sequence (incremental relay is
                // HTTP/1.1-only for now); a stream that fails is a 502.
                response.stream = nil
                do {
                    for try await chunk in stream { response.body += chunk }
                } catch {
                    response = server.errorRenderer.response(for: HTTPError(502, "Upstream stream failed"), path: request.path)
                }
            }
            self.finish(stream: id, response: response)
        }
        if !stream.responded, streams[id] === stream { stream.task = started }
    }

    /// A handler's response (on any thread; hops to the loop).
    func finish(stream id: Int32, response: Response) {
        guard tcp.loop.inEventLoop else {
            return tcp.loop.execute { self.finish(stream: id, response: response) }
        }
        liveTasks -= 1
        if let stream = streams[id], !stream.responded, !closed {
            stream.task = nil
            stream.resumeWaiter(throwing: HTTPError(400, "request finished"))
            respond(stream, response)
        }
        flush()
    }

    /// Answers a stream that never reaches a handler (malformed or refused head).
    func respondDirectly(stream id: Int32, _ response: Response) {
        let stream = HTTP2Stream(id: id)
        streams[id] = stream
        respond(stream, response)
    }

    func respond(_ stream: HTTP2Stream, _ response: Response) {
        stream.responded = true
        var fields: [(String, String)] = []
        fields.reserveCapacity(response.headers.count + 3)
        for (name, value) in response.headers {
            let lower = name.lowercased()
            if lower == "content-length" || Self.connectionSpecific.contains(lower) { continue }
            fields.append((lower, value))
        }
        fields.append(("date", context.dateHeader()))
        fields.append(("server", config.serverName))
        let bodyless = response.status < 200 || response.status == 204 || response.status == 304
        if !bodyless { fields.append(("content-length", String(response.body.count))) }
        let sendBody = !bodyless && !stream.isHead && !response.body.isEmpty
        stream.responseBody = sendBody ? response.body : []
        stream.responseOffset = 0
        do {
            try session.respond(stream: stream.id, status: response.status, headers: fields, hasBody: sendBody)
        } catch {
            server.logger.debug("HTTP/2 response refused", metadata: ["stream": "\(stream.id)", "error": "\(error)"])
            try? session.reset(stream: stream.id, code: .internalError)  // best effort: the stream may be gone
        }
    }

    // MARK: Request bodies

    /// A handler asks for the next body chunk of `id` (on the loop).
    func readBody(stream id: Int32, _ continuation: CheckedContinuation<[UInt8]?, any Error>) {
        guard !closed, let stream = streams[id], !stream.responded else {
            return continuation.resume(throwing: HTTPError(400, "Request body is no longer available"))
        }
        guard stream.waiter == nil else {
            return continuation.resume(throwing: HTTPError(500, "Request body read twice at once"))
        }
        stream.waiter = continuation
        deliverBody(stream)
        if stream.waiter != nil { stream.readDeadline = tcp.loop.now + config.readTimeout.milliseconds }
        flush()  // window updates for what was just consumed
    }

    /// Hands the waiting reader what is buffered (and opens the window by as much), or the end, or the error.
    func deliverBody(_ stream: HTTP2Stream) {
        guard let waiter = stream.waiter else { return }
        if let error = stream.bodyError { return stream.resumeWaiter(throwing: error) }
        if stream.pendingBytes > 0 {
            let chunk = stream.takePending(limit: HTTPConnection.maxBodyChunk)
            stream.waiter = nil
            stream.readDeadline = 0
            giveBack(stream: stream.id, count: chunk.count)
            waiter.resume(returning: chunk)
        } else if stream.requestEnded {
            stream.waiter = nil
            stream.readDeadline = 0
            waiter.resume(returning: nil)
        }
    }

    /// Tells the peer it may send `count` more bytes on `stream` (and on the connection).
    func giveBack(stream id: Int32, count: Int) {
        do { try session.consume(stream: id, count: count) } catch { terminate(.internalError) }
    }
}

extension HTTP2Connection: HTTP2SessionDelegate {
    func http2(_ session: HTTP2Session, stream id: Int32, headers: [HTTP2Field], oversized: Bool, endStream: Bool) {
        if closing { return }
        if goingAway {
            try? session.reset(stream: id, code: .refusedStream)  // fails only when the stream is already gone
            return
        }
        if liveTasks >= config.http2MaxConcurrentStreams {
            // Streams the peer reset still have handlers winding down: refuse more until they finish.
            try? session.reset(stream: id, code: .refusedStream)  // fails only when the stream is already gone
            return
        }
        if oversized {
            return respondDirectly(stream: id, server.errorRenderer.response(for: HTTPError(431, "Request header fields too large"), path: nil))
        }
        guard let head = requestHead(stream: id, fields: headers, endStream: endStream) else { return }
        startRequest(stream: id, head: head)
    }

    func http2(_ session: HTTP2Session, stream id: Int32, data: UnsafeRawBufferPointer) {
        guard let stream = streams[id] else {
            // A stream we no longer track: its bytes go back to the connection window at once.
            do { try session.consumeConnection(count: data.count) } catch { terminate(.internalError) }
            return
        }
        if stream.responded || stream.bodyError != nil {
            giveBack(stream: id, count: data.count)
            return
        }
        stream.receivedBytes += data.count
        if stream.receivedBytes > config.maxBodyBytes {
            stream.bodyError = HTTPError.payloadTooLarge(max: config.maxBodyBytes)
            giveBack(stream: id, count: data.count + stream.pendingBytes)
            stream.pending = []
            stream.pendingBytes = 0
            return deliverBody(stream)
        }
        stream.pending.append(Array(data))
        stream.pendingBytes += data.count
        deliverBody(stream)
    }

    func http2(_ session: HTTP2Session, endOfRequest id: Int32) {
        guard let stream = streams[id] else { return }
        stream.requestEnded = true
        deliverBody(stream)
    }

    func http2(_ session: HTTP2Session, resetByPeer id: Int32, errorCode: UInt32) {
        let now = tcp.loop.now
        if now - resetWindowStart >= 1000 {
            resetWindowStart = now
            resetsInWindow = 0
        }
        resetsInWindow += 1
        if let stream = streams[id] {
            stream.task?.cancel()
            stream.resumeWaiter(throwing: HTTPError(400, "Stream reset by the client"))
        }
        if resetsInWindow > resetLimit, !goingAway {
            server.stats.http2Abuse.add(1, ordering: .relaxed)
            server.logger.warning("HTTP/2 client cut off", metadata: [
                "peer": "\(tcp.peerAddress)", "reason": "\(resetsInWindow) stream resets within a second (rapid reset)"])
            terminate(.enhanceYourCalm)
        }
    }

    func http2(_ session: HTTP2Session, closed id: Int32, errorCode: UInt32) {
        guard let stream = streams.removeValue(forKey: id) else { return }
        if stream.pendingBytes > 0 {
            do { try session.consumeConnection(count: stream.pendingBytes) } catch { terminate(.internalError) }
            stream.pending = []
            stream.pendingBytes = 0
        }
        if !stream.responded { stream.task?.cancel() }
        stream.resumeWaiter(throwing: HTTPError(400, "Stream closed"))
        if streams.isEmpty { idleSince = tcp.loop.now }
    }

    func http2(_ session: HTTP2Session, responseSent id: Int32) {
        guard let stream = streams[id], !stream.requestEnded else { return }
        // Answered before the whole body came: tell the peer to stop sending it (RFC 9113 §8.1).
        try? session.reset(stream: id, code: .noError)  // the stream may already be closing; nothing else to do
    }

    func http2(_ session: HTTP2Session, stream id: Int32, readBodyInto buffer: UnsafeMutableRawBufferPointer) -> HTTP2BodyRead {
        guard let stream = streams[id] else { return .bytes(0, end: true) }
        let remaining = stream.responseBody.count - stream.responseOffset
        guard remaining > 0 else { return .deferred }
        let count = min(remaining, buffer.count)
        stream.responseBody.withUnsafeBytes { raw in
            buffer.baseAddress!.copyMemory(from: raw.baseAddress! + stream.responseOffset, byteCount: count)
        }
        stream.responseOffset += count
        let end = stream.responseOffset == stream.responseBody.count
        if end {
            stream.responseBody = []
            stream.responseOffset = 0
        }
        return .bytes(count, end: end)
    }
}
