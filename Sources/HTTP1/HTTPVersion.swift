/// The HTTP versions this server speaks on the wire.
public enum HTTPVersion: Sendable, Hashable {
    case http1_0
    case http1_1
}
