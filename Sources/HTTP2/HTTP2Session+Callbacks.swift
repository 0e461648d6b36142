internal import CNGHTTP2

// nghttp2's callbacks: nonisolated functions that capture nothing; the session arrives through user_data.
// They run only inside `receive`/`collectOutput`, on the connection's loop.

private func owner(_ userData: UnsafeMutableRawPointer?) -> HTTP2Session {
    Unmanaged<HTTP2Session>.fromOpaque(userData!).takeUnretainedValue()
}

private let callbackFailure = Int32(NGHTTP2_ERR_CALLBACK_FAILURE.rawValue)
private let endStreamFlag = UInt8(NGHTTP2_FLAG_END_STREAM.rawValue)

func http2OnBeginFrame(_: OpaquePointer?, _ hd: UnsafePointer<nghttp2_frame_hd>?, _ userData: UnsafeMutableRawPointer?) -> Int32 {
    let session = owner(userData)
    let header = hd!.pointee
    switch UInt32(header.type) {
    case NGHTTP2_HEADERS.rawValue:
        // A header block is contiguous (RFC 9113 §4.3): whatever was pending was dropped by nghttp2 (stream reset).
        session.pending.removeAll()
        session.headerBlockBytes = header.length
    case NGHTTP2_CONTINUATION.rawValue:
        session.headerBlockBytes += header.length
        // Our own bound next to nghttp2's count of CONTINUATION frames: the encoded block may not outgrow the
        // header-list limit (plus room for padding and encoding overhead).
        if session.headerBlockBytes > session.settings.maxHeaderListSize + 64 * 1024 {
            session.abuse = "header block larger than the header-list limit (CONTINUATION flood)"
            return callbackFailure
        }
    default:
        session.pending.removeAll()
        session.headerBlockBytes = 0
    }
    return 0
}

func http2OnBeginHeaders(_: OpaquePointer?, _ frame: UnsafePointer<nghttp2_frame>?, _ userData: UnsafeMutableRawPointer?) -> Int32 {
    let frame = frame!.pointee
    guard UInt32(frame.hd.type) == NGHTTP2_HEADERS.rawValue, frame.headers.cat == NGHTTP2_HCAT_REQUEST else { return 0 }
    owner(userData).pending[frame.hd.stream_id] = HTTP2Session.PendingHeaders()
    return 0
}

func http2OnHeader(_: OpaquePointer?, _ frame: UnsafePointer<nghttp2_frame>?, _ name: UnsafePointer<UInt8>?, _ nameLength: Int,
                   _ value: UnsafePointer<UInt8>?, _ valueLength: Int, _: UInt8, _ userData: UnsafeMutableRawPointer?) -> Int32 {
    let session = owner(userData)
    let stream = frame!.pointee.hd.stream_id
    guard var headers = session.pending[stream] else { return 0 }  // trailers: not kept
    // RFC 9113 §6.5.2: a field's size is its name and value lengths plus 32.
    headers.size += nameLength + valueLength + 32
    if headers.size > session.settings.maxHeaderListSize {
        headers.oversized = true
        headers.fields = []
    } else if !headers.oversized {
        let nameText = String(decoding: UnsafeBufferPointer(start: name, count: nameLength), as: UTF8.self)
        let valueText = String(decoding: UnsafeBufferPointer(start: value, count: valueLength), as: UTF8.self)
        headers.fields.append((nameText, valueText))
    }
    session.pending[stream] = headers
    return 0
}

func http2OnFrameRecv(_: OpaquePointer?, _ frame: UnsafePointer<nghttp2_frame>?, _ userData: UnsafeMutableRawPointer?) -> Int32 {
    let session = owner(userData)
    let frame = frame!.pointee
    let stream = frame.hd.stream_id
    let endStream = frame.hd.flags & endStreamFlag != 0
    switch UInt32(frame.hd.type) {
    case NGHTTP2_HEADERS.rawValue:
        session.headerBlockBytes = 0
        if frame.headers.cat == NGHTTP2_HCAT_REQUEST, let headers = session.pending.removeValue(forKey: stream) {
            session.delegate.http2(session, stream: stream, headers: headers.fields, oversized: headers.oversized,
                                   endStream: endStream)
        } else if endStream {
            session.delegate.http2(session, endOfRequest: stream)  // trailers end the body
        }
    case NGHTTP2_DATA.rawValue:
        if endStream { session.delegate.http2(session, endOfRequest: stream) }
    case NGHTTP2_RST_STREAM.rawValue:
        session.delegate.http2(session, resetByPeer: stream, errorCode: frame.rst_stream.error_code)
    default:
        break
    }
    return 0
}

func http2OnDataChunk(_: OpaquePointer?, _: UInt8, _ stream: Int32, _ data: UnsafePointer<UInt8>?, _ length: Int,
                      _ userData: UnsafeMutableRawPointer?) -> Int32 {
    let session = owner(userData)
    session.delegate.http2(session, stream: stream, data: UnsafeRawBufferPointer(start: data, count: length))
    return 0
}

func http2OnStreamClose(_: OpaquePointer?, _ stream: Int32, _ errorCode: UInt32, _ userData: UnsafeMutableRawPointer?) -> Int32 {
    let session = owner(userData)
    session.pending[stream] = nil
    session.delegate.http2(session, closed: stream, errorCode: errorCode)
    return 0
}

func http2OnFrameSend(_: OpaquePointer?, _ frame: UnsafePointer<nghttp2_frame>?, _ userData: UnsafeMutableRawPointer?) -> Int32 {
    let frame = frame!.pointee
    let type = UInt32(frame.hd.type)
    guard type == NGHTTP2_DATA.rawValue || type == NGHTTP2_HEADERS.rawValue, frame.hd.flags & endStreamFlag != 0 else { return 0 }
    let session = owner(userData)
    session.delegate.http2(session, responseSent: frame.hd.stream_id)
    return 0
}

func http2ReadBody(_: OpaquePointer?, _ stream: Int32, _ buffer: UnsafeMutablePointer<UInt8>?, _ length: Int,
                   _ flags: UnsafeMutablePointer<UInt32>?, _: UnsafeMutablePointer<nghttp2_data_source>?,
                   _ userData: UnsafeMutableRawPointer?) -> Int {
    let session = owner(userData)
    switch session.delegate.http2(session, stream: stream, readBodyInto: UnsafeMutableRawBufferPointer(start: buffer, count: length)) {
    case .bytes(let count, let end):
        if end { flags!.pointee |= NGHTTP2_DATA_FLAG_EOF.rawValue }
        return count
    case .deferred:
        return Int(NGHTTP2_ERR_DEFERRED.rawValue)
    }
}
