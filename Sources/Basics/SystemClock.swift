import Glibc
// glibc's headers are not modular: whichever C module includes <time.h> first (CDispatch in debug builds,
// CoreFoundation in release builds, where jwt-kit links Foundation) owns `timespec` for MemberImportVisibility.
// Importing both here keeps every other file free of that detail: they call these functions instead.
import CDispatch
import CoreFoundation
import FoundationEssentials

/// The clocks the application reads, in one place.
package enum SystemClock {
    /// Monotonic nanoseconds (for durations and deadlines).
    package static func monotonicNanos() -> UInt64 {
        var spec = timespec()
        let rc = clock_gettime(CLOCK_MONOTONIC, &spec)
        precondition(rc == 0, "clock_gettime(CLOCK_MONOTONIC) cannot fail on Linux")
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// Monotonic milliseconds.
    package static func monotonicMillis() -> Int64 { Int64(monotonicNanos() / 1_000_000) }

    /// Wall-clock time as seconds and nanoseconds since the epoch.
    package static func wallClock() -> (seconds: Int, nanoseconds: Int) {
        var spec = timespec()
        let rc = clock_gettime(CLOCK_REALTIME, &spec)
        precondition(rc == 0, "clock_gettime(CLOCK_REALTIME) cannot fail on Linux")
        return (Int(spec.tv_sec), Int(spec.tv_nsec))
    }
}

extension Duration {
    /// Whole nanoseconds; a negative duration counts as zero.
    package var clampedNanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0, attoseconds >= 0 else { return 0 }
        return UInt64(seconds) * 1_000_000_000 + UInt64(attoseconds / 1_000_000_000)
    }

    /// Whole milliseconds; a negative duration counts as zero.
    package var clampedMilliseconds: Int64 { Int64(clampedNanoseconds / 1_000_000) }
}

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
