/// A secret configuration value (API key, signing secret, a URL with credentials) that never
/// shows itself in `print`, string interpolation, `dump` or logs; read it through `value`.
public struct Secret: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable {
    /// The secret itself.
    public let value: String

    /// Wraps `value`.
    public init(_ value: String) {
        self.value = value
    }

    /// Always `<redacted>`.
    public var description: String { "<redacted>" }
    /// Always `<redacted>`.
    public var debugDescription: String { "<redacted>" }
    /// A mirror without children, so reflection-based printing reveals nothing.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
