import Basics
internal import CCurl
internal import Glibc

// libcurl's per-transfer callbacks. They run on the pool's loop thread, inside a curl_multi_* call made by the
// driver, and touch only their own transfer.

/// CURLOPT_WRITEFUNCTION: appends body bytes; returning less than given makes libcurl fail the transfer.
func transferWriteCallback(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ user: UnsafeMutableRawPointer?) -> Int {
    let transfer = Unmanaged<Transfer>.fromOpaque(user!).takeUnretainedValue()
    let length = size * count
    guard transfer.admit(length) else { return 0 }
    guard length > 0 else { return length }
    if let stream = transfer.bodyStream {
        if !transfer.headDelivered, let easy = transfer.easy {
            var status = 0
            _ = upstream_easy_getinfo_long(CurlLibrary.api.easyGetinfo, easy, CURLINFO_RESPONSE_CODE, &status)
            transfer.deliverHead(status: status)
        }
        stream.yield(Array(UnsafeRawBufferPointer(start: data, count: length)))
    } else {
        transfer.responseBody.append(contentsOf: UnsafeRawBufferPointer(start: data, count: length))
    }
    return length
}

/// CURLOPT_HEADERFUNCTION: one header line at a time, status lines included. A new status line (after a `1xx`)
/// starts the header list over, so that only the final response's headers remain.
func transferHeaderCallback(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ user: UnsafeMutableRawPointer?) -> Int {
    let transfer = Unmanaged<Transfer>.fromOpaque(user!).takeUnretainedValue()
    let length = size * count
    guard transfer.admit(length) else { return 0 }
    let line = UnsafeRawBufferPointer(start: data, count: length)
    if line.starts(with: "HTTP/".utf8) {
        transfer.responseHeaders.removeAll()
    } else if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
        let name = String(decoding: line[..<colon], as: UTF8.self)
        let value = String(String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingWhitespace(lineBreaks: true))
        transfer.responseHeaders.append((name, value))
    }
    return length
}

/// CURLOPT_READFUNCTION: copies the next part of the request body into libcurl's buffer.
func transferReadCallback(_ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ user: UnsafeMutableRawPointer?) -> Int {
    let transfer = Unmanaged<Transfer>.fromOpaque(user!).takeUnretainedValue()
    guard let buffer else { return 0 }
    let capacity = size * count
    var written = 0
    while written < capacity, transfer.segmentIndex < transfer.segments.count {
        let segment = transfer.segments[transfer.segmentIndex]
        let length = min(capacity - written, segment.count - transfer.segmentOffset)
        if length > 0 {
            segment.withUnsafeBytes { raw in
                (UnsafeMutableRawPointer(buffer) + written).copyMemory(from: raw.baseAddress! + transfer.segmentOffset, byteCount: length)
            }
            written += length
            transfer.segmentOffset += length
        }
        if transfer.segmentOffset == segment.count {
            transfer.segmentIndex += 1
            transfer.segmentOffset = 0
        }
    }
    transfer.uploadOffset += written
    return written
}

/// CURLOPT_SEEKFUNCTION: rewinds the body when libcurl resends the request on a fresh connection.
func transferSeekCallback(_ user: UnsafeMutableRawPointer?, _ offset: curl_off_t, _ origin: Int32) -> Int32 {
    let transfer = Unmanaged<Transfer>.fromOpaque(user!).takeUnretainedValue()
    guard origin == SEEK_SET, offset >= 0, Int(offset) <= transfer.bodyLength else {
        return Int32(CURL_SEEKFUNC_CANTSEEK)
    }
    transfer.uploadOffset = Int(offset)
    var remaining = Int(offset)
    transfer.segmentIndex = 0
    while transfer.segmentIndex < transfer.segments.count, remaining >= transfer.segments[transfer.segmentIndex].count {
        remaining -= transfer.segments[transfer.segmentIndex].count
        transfer.segmentIndex += 1
    }
    transfer.segmentOffset = remaining
    return Int32(CURL_SEEKFUNC_OK)
}

extension Transfer {
    /// Counts `length` received bytes; false (and marks the transfer) when they pass the response limit.
    func admit(_ length: Int) -> Bool {
        receivedBytes += length
        if receivedBytes > maxResponseBytes { tooLarge = true; return false }
        return true
    }
}

/// HTTP optional whitespace trimming for header values.
