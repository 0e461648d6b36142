// libFuzzer target: the HTTP/1 request-head parser, fed whole and then byte by byte (the two must agree), and the
// chunked decoder over the bytes after a complete head, fed in pieces whose sizes the input's first byte picks.
// Built by scripts/fuzz together with Sources/HTTP1 as one module.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var whole = RequestHeadParser(maxHeaderBytes: 64 * 1024)
    let wholeResult = whole.parse(bytes.span)
    var incremental = RequestHeadParser(maxHeaderBytes: 64 * 1024)
    var incrementalResult = HeadParseResult.incomplete
    for end in 1...max(1, min(bytes.count, 512)) where end <= bytes.count {
        let prefix = Array(bytes[..<end])
        incrementalResult = incremental.parse(prefix.span)
        if case .incomplete = incrementalResult { continue }
        break
    }
    if bytes.count <= 512 {
        switch (wholeResult, incrementalResult) {
        case (.complete(_, let a), .complete(_, let b)): precondition(a == b, "parsers disagree on the head's length")
        case (.failure(let a), .failure(let b)): precondition(a.status == b.status, "parsers disagree on the status")
        case (.incomplete, .incomplete): break
        default: preconditionFailure("whole and incremental parsing disagree")
        }
    }
    var body = bytes[...]
    if case .complete(_, let consumed) = wholeResult { body = bytes[consumed...] }
    let step = Int(bytes.first ?? 1) % 17 + 1
    var decoder = ChunkedDecoder(maxChunkLineBytes: 256, maxTrailerBytes: 1024)
    var decoded: [UInt8] = []
    var offset = body.startIndex
    while offset < body.endIndex {
        let end = min(body.endIndex, offset + step)
        do {
            let piece = Array(body[offset..<end])
            let result = try decoder.decode(piece.span, into: &decoded, maxOutput: 4096)
            precondition(result.consumed <= end - offset)
            if result.done { break }
            offset += max(result.consumed, result.consumed == 0 ? end - offset : 0)
        } catch {
            precondition(error.status == 400 || error.status == 431, "unexpected status \(error.status)")
            break
        }
    }
    precondition(decoded.count == decoder.decodedBytes, "decoded byte count drifted")
    return 0
}
