import FoundationEssentials

/// The current time in whole seconds since the Unix epoch, injected wherever expiry is
/// decided so that tests can move time by hand.
public struct EpochClock: Sendable {
    private let read: @Sendable () -> Int

    public init(_ read: @escaping @Sendable () -> Int) {
        self.read = read
    }

    /// Seconds since the Unix epoch, now.
    public func now() -> Int { read() }

    /// The system's wall clock.
    public static let system = EpochClock { Int(Date().timeIntervalSince1970.rounded(.down)) }
}
