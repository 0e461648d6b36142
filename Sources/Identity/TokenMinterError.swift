/// Why ``TokenMinter/mint(sub:email:role:ttl:secret:issuer:now:)`` refused its arguments.
public enum TokenMinterError: Error, Equatable, CustomStringConvertible {
    case emptySubject
    case emptyRole
    case invalidTTL(Int)

    public var description: String {
        switch self {
        case .emptySubject: "--sub must not be empty"
        case .emptyRole: "--role must not be empty"
        case .invalidTTL(let ttl): "--ttl must be 1…\(TokenMinter.maxTTL) seconds (got \(ttl))"
        }
    }
}
