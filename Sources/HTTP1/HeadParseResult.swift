/// The outcome of one `RequestHeadParser.parse(_:)` call.
public enum HeadParseResult: Sendable, Equatable {
    /// More bytes are needed; call again with the same first byte and more data.
    case incomplete
    /// The head is complete; `consumed` bytes (leading empty lines included) belong to it.
    case complete(RequestHead, consumed: Int)
    /// The request is malformed; answer `error.status` and close the connection.
    case failure(HTTPParseError)
}
