/// A transformation between the socket and a connection's users, such as TLS: bytes that arrive are opened into the
/// connection's `buffer`, bytes written are sealed first. Called on the loop thread only.
public protocol StreamFilter: AnyObject {
    /// Raw bytes from the socket (valid only during the call).
    func receive(_ raw: UnsafeRawBufferPointer) throws
    /// Moves opened bytes into `buffer`, as many as it holds.
    func open(into buffer: ReadBuffer) throws -> StreamFilterState
    /// Bytes the filter itself must send now (handshake messages, alerts); empty when none.
    func takeOutput() -> [UInt8]
    /// The wire form of `bytes`.
    func seal(_ bytes: [UInt8]) throws -> [UInt8]
    /// The filter's goodbye (TLS close_notify), sent before the sending side shuts down.
    func closing() -> [UInt8]
}

/// Where a filter stands after `open`.
public enum StreamFilterState: Sendable {
    /// Everything received so far is in the buffer.
    case drained
    /// The buffer is full: received bytes wait in the filter until the reader makes room.
    case backlogged
    /// The peer ended the filtered stream (TLS close_notify).
    case ended
}

/// What a filter throws when it gives up on the connection.
public struct StreamFilterError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
