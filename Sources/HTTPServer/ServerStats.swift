import Synchronization

/// Live figures of the HTTP layer, shared by all loops (atomics, no locks).
public final class ServerStats: Sendable {
    let openConnections = Atomic<Int>(0)
    let acceptedConnections = Atomic<Int>(0)
    let refusedConnections = Atomic<Int>(0)
    let acceptErrors = Atomic<Int>(0)
    let requests = Atomic<Int>(0)
    let bytesIn = Atomic<Int>(0)
    let bytesOut = Atomic<Int>(0)
    let parseErrors = Atomic<Int>(0)
    let timeouts = Atomic<Int>(0)
    let handlerErrors = Atomic<Int>(0)
    let http2Connections = Atomic<Int>(0)
    let http2Requests = Atomic<Int>(0)
    let http2Upgrades = Atomic<Int>(0)
    let http2Abuse = Atomic<Int>(0)

    public init() {}

    public struct Snapshot: Sendable, Equatable {
        public var openConnections, acceptedConnections, refusedConnections, requests: Int
        public var bytesIn, bytesOut, parseErrors, timeouts, handlerErrors: Int
        /// HTTP/2 connections, streams run as requests, connections upgraded from HTTP/1.1 (`h2c`), and clients
        /// cut off with ENHANCE_YOUR_CALM (floods).
        public var http2Connections = 0, http2Requests = 0, http2Upgrades = 0, http2Abuse = 0
        /// Accepts that failed (out of descriptors: libuv closes the queued connections unanswered).
        public var acceptErrors = 0
    }

    public func snapshot() -> Snapshot {
        Snapshot(openConnections: openConnections.load(ordering: .relaxed),
                 acceptedConnections: acceptedConnections.load(ordering: .relaxed),
                 refusedConnections: refusedConnections.load(ordering: .relaxed),
                 requests: requests.load(ordering: .relaxed),
                 bytesIn: bytesIn.load(ordering: .relaxed), bytesOut: bytesOut.load(ordering: .relaxed),
                 parseErrors: parseErrors.load(ordering: .relaxed), timeouts: timeouts.load(ordering: .relaxed),
                 handlerErrors: handlerErrors.load(ordering: .relaxed),
                 http2Connections: http2Connections.load(ordering: .relaxed),
                 http2Requests: http2Requests.load(ordering: .relaxed),
                 http2Upgrades: http2Upgrades.load(ordering: .relaxed), http2Abuse: http2Abuse.load(ordering: .relaxed),
                 acceptErrors: acceptErrors.load(ordering: .relaxed))
    }
}
