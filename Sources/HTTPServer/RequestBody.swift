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

/// Where body bytes come from: the connection.
protocol BodySource: Sendable {
    func nextBodyChunk() async throws -> [UInt8]?
}
