import Dispatch
import Logging
import Synchronization

/// What every loop of one server shares: settings, the responder, stats and the shutdown bookkeeping.
final class ServerShared: Sendable {
    let configuration: ServerConfiguration
    let responder: any Responder
    let errorRenderer: any ErrorRenderer
    let logger: Logger
    let state: ServerState
    /// The TLS certificate in use (none without TLS).
    let tls = TLSState()
    var stats: ServerStats { state.stats }
    let loopCount: Int
    /// The most client connections open at once: `maxConnections`, or fewer when the open-file limit cannot hold that
    /// many (set at start, see `HTTPServer.checkOpenFileLimit`).
    let connectionCap: Atomic<Int>
    private let finishedLoops = Atomic<Int>(0)
    let allFinished = DispatchSemaphore(value: 0)
    let shutdownRequested = DispatchSemaphore(value: 0)

    init(configuration: ServerConfiguration, responder: any Responder, errorRenderer: any ErrorRenderer, logger: Logger,
         state: ServerState) {
        self.configuration = configuration
        self.responder = responder
        self.errorRenderer = errorRenderer
        self.logger = logger
        self.state = state
        loopCount = configuration.eventLoops
        connectionCap = Atomic(configuration.maxConnections)
    }

    /// The response for what a responder threw, for HTTP/1 and HTTP/2 alike: an `HTTPError` through the application's
    /// renderer, an `HTTPResponseError` as it answers, anything else counted, logged and a 500.
    func response(for error: any Error, to request: Request) -> Response {
        switch error {
        case let error as HTTPError:
            return errorRenderer.response(for: error, path: request.path)
        case let error as any HTTPResponseError:
            return error.response()
        default:
            stats.handlerErrors.add(1, ordering: .relaxed)
            logger.error("handler failed", metadata: ["error": "\(error)", "path": "\(request.path)"])
            return errorRenderer.response(for: HTTPError(500, "Internal server error"), path: request.path)
        }
    }

    func loopFinished() {
        if finishedLoops.add(1, ordering: .acquiringAndReleasing).newValue == loopCount {
            allFinished.signal()
        }
    }
}

/// Server state the application can observe: readiness (draining) and the live figures.
public final class ServerState: Sendable {
    public let stats = ServerStats()
    private let drainingFlag = Atomic<Bool>(false)
    public init() {}

    /// True once shutdown began: `/ready` answers 503.
    public var isDraining: Bool { drainingFlag.load(ordering: .acquiring) }
    func markDraining() -> Bool { drainingFlag.exchange(true, ordering: .acquiringAndReleasing) == false }
}
