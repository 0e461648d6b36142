import Logging
import Synchronization
import TLS
import UVCore

/// TLS between the socket and the HTTP connection: the `UVCore` stream filter over a `TLS` session.
final class TLSFilter: StreamFilter {
    let session: TLSSession

    init(session: TLSSession) { self.session = session }

    func receive(_ raw: UnsafeRawBufferPointer) throws {
        try session.feed(raw)
    }

    func open(into buffer: ReadBuffer) throws -> StreamFilterState {
        while true {
            var result = TLSSession.ReadResult.bytes(0)
            let filled = try buffer.fillTail { tail throws(TLSError) -> Int in
                result = try session.read(into: tail)
                if case .bytes(let count) = result { return count }
                return 0
            }
            guard filled != nil else { return session.hasBufferedInput ? .backlogged : .drained }
            switch result {
            case .closed: return .ended
            case .bytes(0): return .drained
            case .bytes: continue
            }
        }
    }

    func takeOutput() -> [UInt8] { session.takeOutput() }

    func seal(_ bytes: [UInt8]) throws -> [UInt8] {
        try session.write(bytes)
        return session.takeOutput()
    }

    func closing() -> [UInt8] {
        session.close()
        return session.takeOutput()
    }
}

/// The server's current certificate: loaded at start, replaced on reload; each connection keeps the context it
/// started with, so a reload drops no connection.
final class TLSState: Sendable {
    private let current = Mutex<TLSContext?>(nil)

    var context: TLSContext? { current.withLock { $0 } }

    /// Loads the configured certificate and key (nothing when TLS is not configured).
    @discardableResult
    func load(_ configuration: ServerConfiguration) throws(TLSSetupError) -> TLSContext? {
        guard let certificate = configuration.tlsCertificateFile, let key = configuration.tlsKeyFile else { return nil }
        do {
            let context = try TLSContext(certificateFile: certificate, keyFile: key, offerHTTP2: configuration.http2Enabled)
            current.withLock { $0 = context }
            return context
        } catch {
            throw TLSSetupError(underlying: error)
        }
    }
}

/// The certificate or key could not be used (unreadable, expired, not yet valid, or not a pair).
public struct TLSSetupError: Error, CustomStringConvertible {
    let underlying: TLSError
    public var description: String { "TLS certificate refused: \(underlying)" }
}

extension LoopContext {
    /// With TLS configured, puts a TLS session in front of `tcp`. False (and `tcp` closed) when it cannot be made.
    func secureIfConfigured(_ tcp: TCPConnection) -> Bool {
        guard let context = shared.tls.context else { return true }
        do {
            tcp.install(filter: TLSFilter(session: try context.makeSession()))
            return true
        } catch {
            shared.logger.error("TLS session could not start", metadata: ["error": "\(error)"])
            tcp.close()
            return false
        }
    }
}

extension HTTPServer {
    /// Reads the certificate and key again (SIGHUP): new connections use the new ones, open ones keep theirs. A
    /// certificate that cannot be used is refused and the current one stays.
    public func reloadTLS() {
        guard configuration.tlsCertificateFile != nil else { return }
        do {
            if let context = try shared.tls.load(configuration) {
                shared.logger.info("TLS certificate reloaded", metadata: ["not_after": "\(context.notAfter)"])
            }
        } catch {
            shared.logger.error("TLS certificate reload failed; keeping the current one", metadata: ["error": "\(error)"])
        }
    }
}
