import Synchronization

/// Live figures of the HTTP layer, shared by all loops (atomics, no locks).
public final class ServerStats: Sendable {
    let openConnections = Atomic<Int>(0)
    let acceptedConnections = Atomic<Int>(0)
    let refusedConnections = Atomic<Int>(0)
    let requests = Atomic<Int>(0)
    let bytesIn = Atomic<Int>(0)
    let bytesOut = Atomic<Int>(0)
    let parseErrors = Atomic<Int>(0)
    let timeouts = Atomic<Int>(0)
    let handlerErrors = Atomic<Int>(0)

    public init() {}

    public struct Snapshot: Sendable, Equatable {
        public var openConnections, acceptedConnections, refusedConnections, requests: Int
        public var bytesIn, bytesOut, parseErrors, timeouts, handlerErrors: Int
    }

    public func snapshot() -> Snapshot {
        Snapshot(openConnections: openConnections.load(ordering: .relaxed),
                 acceptedConnections: acceptedConnections.load(ordering: .relaxed),
                 refusedConnections: refusedConnections.load(ordering: .relaxed),
                 requests: requests.load(ordering: .relaxed),
                 bytesIn: bytesIn.load(ordering: .relaxed), bytesOut: bytesOut.load(ordering: .relaxed),
                 parseErrors: parseErrors.load(ordering: .relaxed), timeouts: timeouts.load(ordering: .relaxed),
                 handlerErrors: handlerErrors.load(ordering: .relaxed))
    }
}
