internal import CNGHTTP2

/// One server-side HTTP/2 connection's protocol state, on nghttp2: framing, HPACK, flow control and stream states.
/// Bytes go in with `receive`, frames to send come out of `collectOutput`; events reach the delegate during those
/// calls. Thread-confined to the caller (the connection's loop); nghttp2 runs no thread of its own.
///
/// Flow control is manual: received body bytes stay counted against the stream and connection windows until
/// `consume(stream:count:)`, so a peer can have at most the window in flight that nobody has read.
public final class HTTP2Session {
    let session: OpaquePointer
    public unowned(unsafe) var delegate: any HTTP2SessionDelegate
    public let settings: HTTP2Settings
    /// Header fields of requests whose header block is still arriving.
    var pending: [Int32: PendingHeaders] = [:]
    /// Encoded bytes of the header block now arriving (HEADERS plus its CONTINUATIONs).
    var headerBlockBytes = 0
    /// Why the peer was cut off for misbehaving (set by a callback that failed the session).
    public internal(set) var abuse: String?

    struct PendingHeaders {
        var fields: [HTTP2Field] = []
        var size = 0
        var oversized = false
    }

    public init(settings: HTTP2Settings, delegate: any HTTP2SessionDelegate) throws(HTTP2Error) {
        self.settings = settings
        self.delegate = delegate
        var callbacks: OpaquePointer?
        try HTTP2Error.check(nghttp2_session_callbacks_new(&callbacks), "nghttp2_session_callbacks_new")
        defer { nghttp2_session_callbacks_del(callbacks) }
        nghttp2_session_callbacks_set_on_begin_frame_callback(callbacks, http2OnBeginFrame)
        nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks, http2OnBeginHeaders)
        nghttp2_session_callbacks_set_on_header_callback(callbacks, http2OnHeader)
        nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, http2OnFrameRecv)
        nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, http2OnDataChunk)
        nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, http2OnStreamClose)
        nghttp2_session_callbacks_set_on_frame_send_callback(callbacks, http2OnFrameSend)

        var option: OpaquePointer?
        try HTTP2Error.check(nghttp2_option_new(&option), "nghttp2_option_new")
        defer { nghttp2_option_del(option) }
        nghttp2_option_set_no_auto_window_update(option, 1)
        nghttp2_option_set_max_deflate_dynamic_table_size(option, 4096)
        nghttp2_option_set_stream_reset_rate_limit(option, UInt64(settings.resetBurst), UInt64(settings.resetRate))
        nghttp2_option_set_max_continuations(option, settings.maxContinuations)
        nghttp2_option_set_max_settings(option, 32)

        var created: OpaquePointer?
        // user_data is filled in below, once `self` is fully initialised; no callback runs before then.
        let rc = nghttp2_session_server_new2(&created, callbacks, nil, option)
        guard rc == 0, let created else { throw HTTP2Error("nghttp2_session_server_new2", code: rc) }
        session = created
        nghttp2_session_set_user_data(session, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit { nghttp2_session_del(session) }

    /// Queues the server's SETTINGS and enlarges the connection's receive window.
    public func start() throws(HTTP2Error) {
        var entries = [
            nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS.rawValue),
                                   value: UInt32(settings.maxConcurrentStreams)),
            nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE.rawValue),
                                   value: UInt32(settings.initialWindowSize)),
            nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE.rawValue),
                                   value: UInt32(clamping: settings.maxHeaderListSize)),
        ]
        try HTTP2Error.check(nghttp2_submit_settings(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), &entries, entries.count),
                             "nghttp2_submit_settings")
        try HTTP2Error.check(nghttp2_session_set_local_window_size(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), 0,
                                                                   Int32(settings.connectionWindowSize)),
                             "nghttp2_session_set_local_window_size")
    }

    /// An `Upgrade: h2c` request becomes stream 1 (half-closed: its body, if any, came over HTTP/1.1).
    /// `settingsPayload` is the decoded `HTTP2-Settings` header. Call before `start()`.
    public func upgrade(settingsPayload: [UInt8], headRequest: Bool) throws(HTTP2Error) {
        let rc = settingsPayload.withUnsafeBufferPointer {
            nghttp2_session_upgrade2(session, $0.baseAddress, $0.count, headRequest ? 1 : 0, nil)
        }
        try HTTP2Error.check(rc, "nghttp2_session_upgrade2")
    }

    /// Processes received bytes. A thrown error is fatal for the connection (protocol error or abuse).
    public func receive(_ bytes: UnsafeRawBufferPointer) throws(HTTP2Error) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        let n = nghttp2_session_mem_recv(session, base.assumingMemoryBound(to: UInt8.self), bytes.count)
        if n < 0 { throw HTTP2Error("nghttp2_session_mem_recv", code: Int32(n)) }
    }

    /// Appends serialized frames to `out` until nothing is left or `out` holds at least `limit` bytes.
    public func collectOutput(into out: inout [UInt8], limit: Int) throws(HTTP2Error) {
        while out.count < limit {
            var data: UnsafePointer<UInt8>?
            let n = nghttp2_session_mem_send(session, &data)
            if n < 0 { throw HTTP2Error("nghttp2_session_mem_send", code: Int32(n)) }
            guard n > 0, let data else { return }
            out.append(contentsOf: UnsafeBufferPointer(start: data, count: n))
        }
    }

    /// False once the session has nothing more to read or write (after GOAWAY both ways, or a fatal error).
    public var isAlive: Bool { nghttp2_session_want_read(session) != 0 || nghttp2_session_want_write(session) != 0 }
    /// True while a request's header block is partly received (for the header timeout).
    public var isReceivingHeaders: Bool { !pending.isEmpty }
    public var wantsWrite: Bool { nghttp2_session_want_write(session) != 0 }

    /// Sends a response's header block; the body (when `hasBody`) is pulled from the delegate.
    public func respond(stream: Int32, status: Int, headers: [(String, String)], hasBody: Bool) throws(HTTP2Error) {
        var fields: [(String, String)] = [(":status", String(status))]
        fields.reserveCapacity(headers.count + 1)
        fields += headers
        let rc = HeaderBlock.withFields(fields) { nva, count in
            if hasBody {
                var provider = nghttp2_data_provider(source: nghttp2_data_source(ptr: nil), read_callback: http2ReadBody)
                return nghttp2_submit_response(session, stream, nva, count, &provider)
            }
            return nghttp2_submit_response(session, stream, nva, count, nil)
        }
        try HTTP2Error.check(rc, "nghttp2_submit_response")
    }

    /// A body that returned `.deferred` has bytes again.
    public func resumeBody(stream: Int32) throws(HTTP2Error) {
        let rc = nghttp2_session_resume_data(session, stream)
        if rc == Int32(NGHTTP2_ERR_INVALID_ARGUMENT.rawValue) { return }  // not deferred (any more): nothing to do
        try HTTP2Error.check(rc, "nghttp2_session_resume_data")
    }

    /// The handler read `count` body bytes of `stream`: the peer may send that much more.
    public func consume(stream: Int32, count: Int) throws(HTTP2Error) {
        guard count > 0 else { return }
        try HTTP2Error.check(nghttp2_session_consume(session, stream, count), "nghttp2_session_consume")
    }

    /// Body bytes received for a stream that closed unread: give them back to the connection window.
    public func consumeConnection(count: Int) throws(HTTP2Error) {
        guard count > 0 else { return }
        try HTTP2Error.check(nghttp2_session_consume_connection(session, count), "nghttp2_session_consume_connection")
    }

    public func reset(stream: Int32, code: HTTP2ErrorCode) throws(HTTP2Error) {
        try HTTP2Error.check(nghttp2_submit_rst_stream(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), stream, code.rawValue),
                             "nghttp2_submit_rst_stream")
    }

    /// Graceful GOAWAY: streams already received are finished, newer ones are refused.
    public func goAway() throws(HTTP2Error) {
        let last = nghttp2_session_get_last_proc_stream_id(session)
        try HTTP2Error.check(nghttp2_submit_goaway(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), last,
                                                   HTTP2ErrorCode.noError.rawValue, nil, 0), "nghttp2_submit_goaway")
    }

    /// GOAWAY with `code`; the session stops reading and ends once the GOAWAY is out.
    public func terminate(_ code: HTTP2ErrorCode) throws(HTTP2Error) {
        try HTTP2Error.check(nghttp2_session_terminate_session(session, code.rawValue), "nghttp2_session_terminate_session")
    }

    /// The HTTP2-Settings header value decoded (base64url without padding), or nil when malformed.
    public static func decodeSettingsHeader(_ text: String) -> [UInt8]? {
        Base64URL.decode(text)
    }
}

/// Builds an `nghttp2_nv` array over one contiguous copy of the names and values (lowercase names expected).
enum HeaderBlock {
    static func withFields<R>(_ fields: [(String, String)], _ body: (UnsafePointer<nghttp2_nv>, Int) -> R) -> R {
        var storage: [UInt8] = []
        storage.reserveCapacity(fields.reduce(0) { $0 + $1.0.utf8.count + $1.1.utf8.count })
        var spans: [(Int, Int, Int, Int)] = []
        spans.reserveCapacity(fields.count)
        for (name, value) in fields {
            let nameStart = storage.count
            storage += name.utf8
            let valueStart = storage.count
            storage += value.utf8
            spans.append((nameStart, valueStart - nameStart, valueStart, storage.count - valueStart))
        }
        return storage.withUnsafeMutableBufferPointer { raw in
            let base = raw.baseAddress ?? UnsafeMutablePointer(bitPattern: 1)!
            var nva = spans.map { span in
                nghttp2_nv(name: base + span.0, value: base + span.2, namelen: span.1, valuelen: span.3,
                           flags: UInt8(NGHTTP2_NV_FLAG_NONE.rawValue))
            }
            return nva.withUnsafeMutableBufferPointer { body($0.baseAddress!, $0.count) }
        }
    }
}
