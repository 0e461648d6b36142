/// A streaming `multipart/form-data` parser (RFC 7578 over RFC 2046). Feed it the body in
/// chunks of any size; it reports parts as events and holds back only what could be the
/// start of a boundary, so a 25 MiB file is never buffered here. It enforces `limits` as it
/// reads and fails for good on the first error.
///
/// Grammar followed: an optional preamble, then `--boundary`, transport padding (spaces,
/// tabs) and CRLF; each part is a header block ended by an empty line, then content up to
/// `CRLF--boundary`; after the last part `--boundary--`; anything after it is ignored.
public struct MultipartParser: Sendable {
    enum State: Sendable {
        /// Looking for the first delimiter (with a virtual CRLF before the body).
        case preamble
        /// Just after a delimiter, with `padding` spaces or tabs seen so far.
        case boundaryLine(padding: Int)
        /// Reading a part's header block into `headerBuffer`.
        case headers
        /// Reading a part's content.
        case content
        /// After the close delimiter.
        case epilogue
        case failed(MultipartError)
    }

    /// Most spaces and tabs accepted after a boundary.
    static let maxTransportPadding = 256

    public let boundary: MultipartBoundary
    public let limits: MultipartLimits
    let delimiter: [UInt8]
    var state: State = .preamble
    /// Bytes received but not yet consumed; starts as the virtual CRLF.
    var carry: [UInt8] = [13, 10]
    /// `CRLF` plus the current part's header bytes so far.
    var headerBuffer: [UInt8] = []
    /// Where the search for the header block's end resumes.
    var headerScanned = 0
    var partCount = 0
    var totalBytes = 0
    var currentName = ""
    var currentIsFile = false
    var currentBytes = 0

    public init(boundary: MultipartBoundary, limits: MultipartLimits = MultipartLimits()) {
        self.boundary = boundary
        self.limits = limits
        delimiter = boundary.delimiter
    }

    /// Consumes `bytes` and returns the events they complete.
    public mutating func feed(_ bytes: [UInt8]) throws(MultipartError) -> [MultipartEvent] {
        var events = MultipartEventList()
        try bytes.withUnsafeBufferPointer { (bytes) throws(MultipartError) in try feed(bytes, into: &events) }
        return events.events
    }

    /// Consumes `bytes` (read in place, during the call only) and hands the events they complete to `sink` as they
    /// occur: part content is passed as slices of `bytes`, never copied here. An error `sink` throws fails the
    /// parser like its own.
    public mutating func feed<Sink: MultipartEventSink>(
        _ bytes: UnsafeBufferPointer<UInt8>, into sink: inout Sink
    ) throws(MultipartError) {
        if case .failed(let error) = state { throw error }
        do throws(MultipartError) {
            totalBytes += bytes.count
            guard totalBytes <= limits.maxTotalBytes else { throw MultipartError.bodyTooLarge(limit: limits.maxTotalBytes) }
            if carry.isEmpty {
                try run(bytes, &sink)
            } else {
                // Rare: a possible delimiter (or the virtual CRLF) held back from the previous feed.
                let work = carry + bytes
                try work.withUnsafeBufferPointer { (work) throws(MultipartError) in try run(work, &sink) }
            }
        } catch {
            state = .failed(error)
            throw error
        }
    }

    private mutating func run<Sink: MultipartEventSink>(
        _ work: UnsafeBufferPointer<UInt8>, _ sink: inout Sink
    ) throws(MultipartError) {
        var position = 0
        while try step(work, &position, &sink) {}
        carry = position < work.count ? Array(work[position...]) : []
    }

    /// Declares the body complete; throws `.truncated` unless the close delimiter was seen.
    public mutating func finish() throws(MultipartError) {
        switch state {
        case .epilogue: return
        case .failed(let error): throw error
        default:
            state = .failed(.truncated)
            throw .truncated
        }
    }

    /// Advances through `work` from `position` as far as the current state allows; returns
    /// false when more bytes are needed.
    private mutating func step<Sink: MultipartEventSink>(
        _ work: UnsafeBufferPointer<UInt8>, _ position: inout Int, _ events: inout Sink
    ) throws(MultipartError) -> Bool {
        switch state {
        case .preamble:
            switch DelimiterSearch.find(delimiter, in: work, from: position) {
            case .found(let index):
                position = index + delimiter.count
                state = .boundaryLine(padding: 0)
                return true
            case .notFound(let safeEnd):
                position = safeEnd
                return false
            }
        case .boundaryLine(let padding):
            return try readBoundaryLine(work, &position, padding: padding)
        case .headers:
            return try readHeaders(work, &position, &events)
        case .content:
            return try readContent(work, &position, &events)
        case .epilogue:
            position = work.count
            return false
        case .failed(let error):
            throw error
        }
    }
}

/// What `MultipartParser.feed(_:)` reports, in body order. Every `partBegin` is followed by
/// zero or more `partData` and one `partEnd`.
public enum MultipartEvent: Equatable, Sendable {
    /// A part starts. `filename` is present (possibly empty) for file parts.
    case partBegin(name: String, filename: String?, contentType: String?)
    /// The next bytes of the current part's content.
    case partData([UInt8])
    /// The current part is complete.
    case partEnd
}

/// Receives a parser's events as they occur (`MultipartParser.feed(_:into:)`); `data` is valid during the call only.
public protocol MultipartEventSink {
    mutating func partBegin(name: String, filename: String?, contentType: String?) throws(MultipartError)
    mutating func partData(_ bytes: UnsafeBufferPointer<UInt8>) throws(MultipartError)
    mutating func partEnd() throws(MultipartError)
}

/// Collects events as values (`MultipartParser.feed(_:)`).
struct MultipartEventList: MultipartEventSink {
    var events: [MultipartEvent] = []

    mutating func partBegin(name: String, filename: String?, contentType: String?) {
        events.append(.partBegin(name: name, filename: filename, contentType: contentType))
    }

    mutating func partData(_ bytes: UnsafeBufferPointer<UInt8>) { events.append(.partData(Array(bytes))) }

    mutating func partEnd() { events.append(.partEnd) }
}
