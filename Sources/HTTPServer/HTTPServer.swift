import Dispatch
public import Logging
import Synchronization
import UVCore

/// The HTTP/1.1 server: `eventLoops` libuv loops, each with its own `SO_REUSEPORT` listener on the same port.
public final class HTTPServer: Sendable {
    public let configuration: ServerConfiguration
    public let state: ServerState
    let shared: ServerShared
    private let contexts: Mutex<[LoopContext]> = Mutex([])
    private let boundPort = Atomic<Int>(0)

    /// A server answering with `responder`; the errors it decides itself (unparsable requests, bodies too large,
    /// handlers that threw) are shaped by `errorRenderer`.
    public init(configuration: ServerConfiguration, responder: any Responder,
                errorRenderer: any ErrorRenderer = PlainTextErrorRenderer(), logger: Logger, state: ServerState = ServerState()) {
        precondition(configuration.eventLoops >= 1, "at least one event loop")
        self.configuration = configuration
        self.state = state
        shared = ServerShared(configuration: configuration, responder: responder, errorRenderer: errorRenderer, logger: logger,
                              state: state)
    }

    /// The port the listeners are bound to (the kernel's choice when configured as 0).
    public var port: Int { boundPort.load(ordering: .acquiring) }

    /// Starts the loops, binds every listener, then lets them all accept. Returns the bound port.
    @discardableResult
    public func start() throws -> Int {
        BrokenPipe.ignore()
        checkOpenFileLimit()
        try shared.tls.load(configuration)
        if configuration.port != 0, !configuration.reusePort,
           try TCPListener.isPortInUse(host: configuration.host, port: configuration.port) {
            throw ServerStartError.portInUse(host: configuration.host, port: configuration.port)
        }
        var created: [LoopContext] = []
        for index in 0..<configuration.eventLoops {
            let loop = try EventLoop(name: "eloquent-loop-\(index)")
            loop.start()
            created.append(LoopContext(loop: loop, shared: shared))
        }
        contexts.withLock { $0 = created }
        let readBufferMax = configuration.maxHeaderBytes + 64 * 1024
        do {
            var port = configuration.port
            for context in created {
                let config = configuration
                let bound = port
                port = try context.loop.submitAndWait {
                    let listener = try TCPListener(loop: context.loop, host: config.host, port: bound, readBufferMax: readBufferMax)
                    context.listener = listener
                    return listener.port
                }
            }
            boundPort.store(port, ordering: .releasing)
            for context in created {
                try context.loop.submitAndWait {
                    try context.startSweeper()
                    try context.listener?.listen(onError: { context.acceptFailed($0) }) { tcp in context.accept(tcp) }
                }
            }
        } catch {
            for context in created { context.loop.execute { context.forceClose() } }
            for context in created { context.loop.join() }
            throw error
        }
        return port
    }

    /// Raises the soft open-file limit to the hard one (see `OpenFiles`) and, when even that cannot hold
    /// `maxConnections` client connections next to the server's own descriptors, accepts fewer and says so: a
    /// connection past the cap is closed at accept and counted, instead of the process running out of descriptors
    /// (which would also fail upstream calls and store access).
    private func checkOpenFileLimit() {
        guard let limit = OpenFiles.raiseSoftLimit() else {
            return shared.logger.warning("could not read the open-file limit (RLIMIT_NOFILE)")
        }
        if limit.soft != limit.before {
            shared.logger.debug("raised the open-file limit", metadata: ["from": "\(limit.before)", "to": "\(limit.soft)"])
        }
        let cap = OpenFiles.connectionCap(maxConnections: configuration.maxConnections, limit: limit.soft)
        shared.connectionCap.store(cap, ordering: .relaxed)
        if cap < configuration.maxConnections {
            shared.logger.warning(
                "the open-file limit holds fewer connections than MAX_CONNECTIONS: accepting at most connection_cap; raise the hard limit (ulimit -Hn, LimitNOFILE=) or lower MAX_CONNECTIONS",
                metadata: ["open_file_limit": "\(limit.soft)", "max_connections": "\(configuration.maxConnections)",
                           "connection_cap": "\(cap)"])
        }
    }

    /// Turns SIGTERM and SIGINT into a graceful shutdown, and SIGHUP into a TLS certificate reload when TLS is on
    /// (watched on the first loop).
    public func handleSignals() throws {
        guard let first = contexts.withLock({ $0.first }) else { return }
        let watched: [SignalWatcher.Signal] = [.terminate, .interrupt] + (configuration.tlsCertificateFile != nil ? [.hangup] : [])
        try first.loop.submitAndWait {
            first.signals = try SignalWatcher(loop: first.loop, signals: watched) { [self] signal in
                if signal == .hangup { return reloadTLS() }
                shared.logger.info("signal received, draining", metadata: ["signal": "\(signal)"])
                shutdown()
            }
        }
    }

    /// Begins the graceful shutdown: readiness turns 503 and responses carry `Connection: close`; after
    /// `shutdownDelay` the listeners close, idle connections close, in-flight requests finish. Safe from any thread;
    /// later calls do nothing.
    public func shutdown() {
        guard state.markDraining() else { return }
        let delay = configuration.shutdownDelay
        guard delay > .zero else { return stopAccepting() }
        shared.logger.info("draining: still accepting during the shutdown delay", metadata: ["delay": "\(delay)"])
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(delay.milliseconds))) { [self] in
            // Queue no new connection, accept the queued ones for a moment, then close: closing a listener resets
            // the connections still queued on it, on which a proxy may already have sent a request.
            for context in contexts.withLock({ $0 }) {
                context.loop.execute { context.shrinkBacklog() }
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(250)) { [self] in stopAccepting() }
        }
    }

    private func stopAccepting() {
        for context in contexts.withLock({ $0 }) {
            context.loop.execute { context.beginDrain() }
        }
        shared.shutdownRequested.signal()
    }

    /// Blocks until the server has stopped: after `shutdown()` (or a signal), waits up to `shutdownTimeout` for the
    /// in-flight requests, then closes what is left. Returns true when every loop closed with no leaked handle.
    public func waitUntilStopped() -> Bool {
        shared.shutdownRequested.wait()
        let all = contexts.withLock { $0 }
        let timeout = DispatchTime.now() + .milliseconds(Int(configuration.shutdownTimeout.milliseconds))
        if shared.allFinished.wait(timeout: timeout) == .timedOut {
            shared.logger.warning("shutdown timeout passed; closing the remaining connections")
            for context in all { context.loop.execute { context.forceClose() } }
            shared.allFinished.wait()
        }
        var clean = true
        for context in all where context.loop.join() != 0 { clean = false }
        return clean
    }
}

/// Why the server did not start.
public enum ServerStartError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Another process already listens on the port, and sharing it was not asked for.
    case portInUse(host: String, port: Int)

    public var description: String {
        switch self {
        case .portInUse(let host, let port): "another process already listens on \(host):\(port)"
        }
    }
}
