public import HTTP1

/// The body of one request, read on demand from the connection. Reading it is what sends `100 Continue`.
/// Chunks arrive in order; `nil` marks the end. Errors: the client vanished or stalled, or the body was malformed or
/// larger than allowed (an `HTTPError` with its status).
public final class RequestBody: Sendable {
    /// The length the client declared (`Content-Length`), nil for chunked or no body.
    public let declaredLength: Int?
    public let isChunked: Bool
    private let source: (any BodySource)?

    init(framing: BodyFraming, source: (any BodySource)?) {
        switch framing {
        case .none: declaredLength = 0; isChunked = false
        case .length(let n): declaredLength = n; isChunked = false
        case .chunked: declaredLength = nil; isChunked = true
        }
        self.source = source
    }

    /// A body with no bytes (for tests and internal requests).
    public static let empty = RequestBody(framing: .none, source: nil)

    /// True when the request declares no body at all.
    public var isEmpty: Bool { declaredLength == 0 }

    /// The next chunk, or nil at the end.
    public func read() async throws -> [UInt8]? {
        guard let source, !isEmpty else { return nil }
        return try await source.nextBodyChunk()
    }

    /// Reads the rest of the body into `receive`, in order, and returns at its end; throws what `read()` throws, or
    /// what `receive` throws (the body is then left unread). `receive` gets the bytes in place (valid during the
    /// call only), possibly on the connection's thread but never concurrently; an HTTP/1 connection calls it from its
    /// read callback, with whatever arrived, so the reader does not suspend and resume per chunk and no chunk is
    /// copied out of the read buffer.
    public func stream(into receive: @escaping BodyReceiver) async throws {
        guard let source, !isEmpty else { return }
        try await source.streamBody(into: receive)
    }

    /// The same body, refusing to read past `limit` bytes (413, `Request too large`).
    public func limited(to limit: Int) -> RequestBody {
        if let declaredLength, declaredLength <= limit { return self }
        return RequestBody(framing: isChunked ? .chunked : .length(declaredLength ?? 0), source: LimitedBodySource(base: self, limit: limit))
    }

    /// The whole body; throws 413 (`Request too large`) past `limit` bytes, before reading further.
    public func collect(upTo limit: Int) async throws -> [UInt8] {
        if let declaredLength, declaredLength > limit { throw HTTPError.payloadTooLarge(max: limit) }
        var out: [UInt8] = []
        if let declaredLength { out.reserveCapacity(declaredLength) }
        while let chunk = try await read() {
            if out.count + chunk.count > limit { throw HTTPError.payloadTooLarge(max: limit) }
            out += chunk
        }
        return out
    }
}

/// Takes body bytes in place (`RequestBody.stream(into:)`).
public typealias BodyReceiver = @Sendable (UnsafeRawBufferPointer) throws -> Void

/// Where body bytes come from: the connection.
protocol BodySource: Sendable {
    func nextBodyChunk() async throws -> [UInt8]?
    func streamBody(into receive: @escaping BodyReceiver) async throws
}

extension BodySource {
    /// Chunk by chunk, for sources that only hand out chunks.
    func streamBody(into receive: @escaping BodyReceiver) async throws {
        while let chunk = try await nextBodyChunk() {
            try chunk.withUnsafeBytes { try receive($0) }
        }
    }
}

/// Reads through another body and stops with 413 once `limit` bytes have passed.
final class LimitedBodySource: BodySource, @unchecked Sendable {
    let base: RequestBody
    let limit: Int
    private var seen = 0  // read by one task at a time, like the body itself

    init(base: RequestBody, limit: Int) {
        self.base = base
        self.limit = limit
    }

    func nextBodyChunk() async throws -> [UInt8]? {
        guard let chunk = try await base.read() else { return nil }
        seen += chunk.count
        if seen > limit { throw HTTPError.payloadTooLarge(max: limit) }
        return chunk
    }

    func streamBody(into receive: @escaping BodyReceiver) async throws {
        let counter = LimitCounter(limit: limit)
        try await base.stream { bytes in
            try counter.add(bytes.count)
            try receive(bytes)
        }
    }
}

/// The bytes a limited stream has passed; used by one thread at a time, like the body.
private final class LimitCounter: @unchecked Sendable {
    let limit: Int
    var seen = 0

    init(limit: Int) { self.limit = limit }

    func add(_ count: Int) throws {
        seen += count
        if seen > limit { throw HTTPError.payloadTooLarge(max: limit) }
    }
}
