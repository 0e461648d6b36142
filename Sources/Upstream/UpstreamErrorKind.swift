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
