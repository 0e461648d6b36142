/// Why a request could not be authenticated. Every case answers `401` with ``message``;
/// the `reason` of ``invalidToken(reason:)`` is for logs only and never reaches the client.
public enum AuthFailure: Error, Equatable, Sendable {
    /// No `Authorization` header, or an empty one.
    case noToken
    /// The header is not `Bearer <token>`.
    case invalidFormat
    /// `Bearer` with nothing after it.
    case emptyToken
    /// The token was refused: malformed, badly signed, expired, or with the wrong claims.
    case invalidToken(reason: String)

    /// The client-facing error message (the original service's four messages).
    public var message: String {
        switch self {
        case .noToken: "No token provided"
        case .invalidFormat: "Invalid token format"
        case .emptyToken: "Empty token"
        case .invalidToken: "Invalid token"
        }
    }

    /// The log-only detail of ``invalidToken(reason:)``; `nil` for the other cases.
    public var reason: String? {
        if case .invalidToken(let reason) = self { return reason }
        return nil
    }
}
