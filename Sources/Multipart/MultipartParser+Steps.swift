extension MultipartParser {
    /// After a delimiter: `--` closes the body; otherwise padding then CRLF opens a part.
    mutating func readBoundaryLine(
        _ work: UnsafeBufferPointer<UInt8>, _ position: inout Int, padding: Int
    ) throws(MultipartError) -> Bool {
        var padding = padding
        while position < work.count {
            let byte = work[position]
            switch byte {
            case UInt8(ascii: "-") where padding == 0:
                guard position + 1 < work.count else { return false }
                guard work[position + 1] == UInt8(ascii: "-") else {
                    throw .malformedBody(reason: "boundary is followed by a single '-'")
                }
                position += 2
                state = .epilogue
                return true
            case 0x20, 0x09:
                padding += 1
                guard padding <= Self.maxTransportPadding else {
                    throw .malformedBody(reason: "too much whitespace after a boundary")
                }
                position += 1
                state = .boundaryLine(padding: padding)
            case 13:
                guard position + 1 < work.count else { return false }
                guard work[position + 1] == 10 else { throw .malformedBody(reason: "boundary line does not end in CRLF") }
                position += 2
                try beginHeaders()
                return true
            default:
                throw .malformedBody(reason: "boundary line does not end in CRLF")
            }
        }
        return false
    }

    private mutating func beginHeaders() throws(MultipartError) {
        partCount += 1
        guard partCount <= limits.maxParts else { throw .tooManyParts(limit: limits.maxParts) }
        headerBuffer = [13, 10]
        headerScanned = 0
        state = .headers
    }

    /// Collects the header block up to its empty line, then starts the part.
    mutating func readHeaders<Sink: MultipartEventSink>(
        _ work: UnsafeBufferPointer<UInt8>, _ position: inout Int, _ events: inout Sink
    ) throws(MultipartError) -> Bool {
        // CRLF (virtual) + block + CRLF CRLF.
        let capacity = limits.maxPartHeaderBytes + 6
        let before = headerBuffer.count
        let take = min(work.count - position, max(0, capacity - before))
        headerBuffer.append(contentsOf: work[position..<(position + take)])
        let terminator: [UInt8] = [13, 10, 13, 10]
        switch DelimiterSearch.find(terminator, in: headerBuffer, from: max(0, headerScanned)) {
        case .found(let end):
            position += end + terminator.count - before
            let parsed = try MultipartPartHeaders.parse(headerBuffer[2..<max(2, end)])
            headerBuffer = []
            currentName = parsed.name
            currentIsFile = parsed.filename != nil
            currentBytes = 0
            try events.partBegin(name: parsed.name, filename: parsed.filename, contentType: parsed.contentType)
            state = .content
            return true
        case .notFound(let safeEnd):
            position += take
            headerScanned = safeEnd
            guard headerBuffer.count < capacity else { throw .partHeadersTooLarge(limit: limits.maxPartHeaderBytes) }
            return false
        }
    }

    /// Passes content on up to the next delimiter, holding back a possible partial one.
    mutating func readContent<Sink: MultipartEventSink>(
        _ work: UnsafeBufferPointer<UInt8>, _ position: inout Int, _ events: inout Sink
    ) throws(MultipartError) -> Bool {
        switch DelimiterSearch.find(delimiter, in: work, from: position) {
        case .found(let index):
            try emit(work, position..<index, &events)
            try events.partEnd()
            position = index + delimiter.count
            state = .boundaryLine(padding: 0)
            return true
        case .notFound(let safeEnd):
            try emit(work, position..<safeEnd, &events)
            position = safeEnd
            return false
        }
    }

    private mutating func emit<Sink: MultipartEventSink>(
        _ work: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ events: inout Sink
    ) throws(MultipartError) {
        guard !range.isEmpty else { return }
        currentBytes += range.count
        if currentIsFile {
            guard currentBytes <= limits.maxFileBytes else {
                throw .fileTooLarge(name: currentName, limit: limits.maxFileBytes)
            }
        } else {
            guard currentBytes <= limits.maxFieldBytes else {
                throw .fieldTooLarge(name: currentName, limit: limits.maxFieldBytes)
            }
        }
        try events.partData(UnsafeBufferPointer(rebasing: work[range]))
    }
}
