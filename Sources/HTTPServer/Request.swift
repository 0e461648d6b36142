import Basics
public import HTTP1

/// A request as handlers see it: the parsed head, the peer, a body to read on demand, and typed attributes that
/// middleware attach (identity, request id, …).
public struct Request: Sendable {
    public var method: String
    public var path: String
    public var query: String?
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    /// The numeric address of the TCP peer (for a proxied request, the proxy).
    public let peerAddress: String
    /// The body; reading it sends `100 Continue` first when the client asked for it.
    public var body: RequestBody
    /// Monotonic nanoseconds when the head was complete (for timing headers and latency figures).
    public let receivedAt: UInt64
    /// Route parameters (`/users/:id` → `["id": …]`), filled by the router.
    public var parameters: [String: String] = [:]
    public var attributes = RequestAttributes()

    public init(head: RequestHead, peerAddress: String, body: RequestBody, receivedAt: UInt64) {
        method = head.method
        path = head.path
        query = head.query
        version = head.version
        headers = head.headers
        self.peerAddress = peerAddress
        self.body = body
        self.receivedAt = receivedAt
    }

    /// The decoded value of one query parameter, or nil.
    public func queryValue(_ name: String) -> String? {
        guard let query else { return nil }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if PercentDecoding.decode(parts[0]) == name {
                return parts.count > 1 ? PercentDecoding.decode(parts[1]) : ""
            }
        }
        return nil
    }
}

/// Typed storage for what middleware learns about a request.
/// A request carries a handful of attributes, so they are a short list searched in order rather than a hash table.
public struct RequestAttributes: Sendable {
    private struct Entry {
        let key: ObjectIdentifier
        var value: any Sendable
    }
    private var entries: [Entry] = []
    public init() {}

    public subscript<Key: RequestAttributeKey>(_ key: Key.Type) -> Key.Value? {
        get {
            let id = ObjectIdentifier(key)
            for entry in entries where entry.key == id { return entry.value as? Key.Value }
            return nil
        }
        set {
            let id = ObjectIdentifier(key)
            let index = entries.firstIndex { $0.key == id }
            switch (index, newValue) {
            case (let index?, let value?): entries[index].value = value
            case (let index?, nil): entries.remove(at: index)
            case (nil, let value?):
                if entries.isEmpty { entries.reserveCapacity(4) }
                entries.append(Entry(key: id, value: value))
            case (nil, nil): break
            }
        }
    }
}

/// A key for `RequestAttributes`.
public protocol RequestAttributeKey {
    associatedtype Value: Sendable
}
