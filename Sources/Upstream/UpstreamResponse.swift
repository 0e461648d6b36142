/// The final response to an `UpstreamRequest` (interim `1xx` responses are skipped). Header names are as the server
/// sent them (lowercase over HTTP/2); use `header(_:)` for a case-insensitive look-up.
public struct UpstreamResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of the header `name`, compared without regard to case.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.0.lowercased() == wanted }?.1
    }
}

/// A response whose body arrives as it is received (`UpstreamPool.stream`).
public struct UpstreamStreamResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    /// The body's bytes in the order received; ends when the transfer completes, throws `UpstreamError` if it fails.
    public var body: AsyncThrowingStream<[UInt8], any Error>

    /// The first value of the header `name`, compared without regard to case.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.0.lowercased() == wanted }?.1
    }

    /// The whole body (for an error answer).
    public func collect(limit: Int = 1 << 20) async throws -> [UInt8] {
        var out: [UInt8] = []
        for try await chunk in body {
            out += chunk.prefix(max(0, limit - out.count))
            if out.count >= limit { break }
        }
        return out
    }
}
