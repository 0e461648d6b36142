/// A failed upstream call: what went wrong, on which pool, towards which host.
public struct UpstreamError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Sendable, Equatable {
        /// The TCP connection could not be made (refused or unreachable).
        case connectRefused
        /// The connect timeout or the request timeout ran out.
        case timeout
        case tls(String)
        /// The server broke HTTP: closed mid-response, sent garbage, reset an HTTP/2 stream.
        case protocolError(String)
        /// The host name did not resolve.
        case dns
        /// The calling task was cancelled, or the pool shut down.
        case cancelled
        /// The response was larger than the pool's `maxResponseBytes`.
        case responseTooLarge
        /// The request itself was unusable (bad URL, method or header); nothing was sent.
        case invalidRequest(String)
        /// Anything else, with libcurl's code and message.
        case other(code: Int, message: String)
    }

    public let reason: Reason
    /// The pool's name, such as `groq`.
    public let pool: String
    /// The request URL's `host[:port]`.
    public let host: String

    public init(_ reason: Reason, pool: String, host: String) {
        self.reason = reason
        self.pool = pool
        self.host = host
    }

    public var kind: UpstreamErrorKind {
        switch reason {
        case .connectRefused: .connectRefused
        case .timeout: .timeout
        case .tls: .tls
        case .protocolError: .protocolError
        case .dns: .dns
        case .cancelled: .cancelled
        case .responseTooLarge: .responseTooLarge
        case .invalidRequest: .invalidRequest
        case .other: .other
        }
    }

    public var description: String {
        let what: String = switch reason {
        case .connectRefused: "connection refused"
        case .timeout: "timed out"
        case .tls(let message): "TLS failure: \(message)"
        case .protocolError(let message): "protocol error: \(message)"
        case .dns: "host name did not resolve"
        case .cancelled: "cancelled"
        case .responseTooLarge: "response too large"
        case .invalidRequest(let message): "invalid request: \(message)"
        case .other(let code, let message): "failed (curl \(code)): \(message)"
        }
        let line = "upstream \(pool) (\(host)): \(what)"
        return String(line.map { $0 == "\n" || $0 == "\r" ? " " : $0 })
    }
}

/// The kind of an upstream failure, without details: the label under which `/metrics` counts errors.
public enum UpstreamErrorKind: String, Sendable, CaseIterable, Hashable {
    case connectRefused = "connect_refused"
    case timeout
    case tls
    case protocolError = "protocol"
    case dns
    case cancelled
    case responseTooLarge = "response_too_large"
    case invalidRequest = "invalid_request"
    case other
}
