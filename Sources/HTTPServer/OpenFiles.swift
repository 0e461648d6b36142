import Basics
import Glibc
import Synchronization

/// The process' open-file descriptors: every client connection, upstream connection and listener is one.
///
/// A login shell or a service manager often starts a process with a soft limit of 1024 (systemd's default) while
/// allowing far more (the hard limit); at the soft limit `accept` fails with `EMFILE` and libuv closes the queued
/// connections unanswered. Like the Go runtime does at start, the server raises its soft limit to the hard one before it
/// listens, and says so when even that is below what `MAX_CONNECTIONS` asks for.
public enum OpenFiles {
    public struct Limit: Sendable, Equatable {
        /// The soft limit before and after raising it, and the hard limit.
        public var before: UInt64, soft: UInt64, hard: UInt64
    }

    private static let raised = Mutex<Limit?>(nil)

    /// Raises the soft `RLIMIT_NOFILE` to the hard limit (once per process; later calls return the first result). Nil
    /// when the limits cannot be read.
    @discardableResult
    public static func raiseSoftLimit() -> Limit? {
        raised.withLock { done in
            if let done { return done }
            var limit = rlimit()
            guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return nil }
            let before = UInt64(limit.rlim_cur)
            if limit.rlim_cur < limit.rlim_max {
                var wanted = limit
                wanted.rlim_cur = limit.rlim_max
                if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &wanted) == 0 { limit = wanted }
            }
            let result = Limit(before: before, soft: UInt64(limit.rlim_cur), hard: UInt64(limit.rlim_max))
            done = result
            return result
        }
    }

    /// The current soft limit (`process_max_fds`), or nil.
    public static func softLimit() -> UInt64? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return nil }
        return UInt64(limit.rlim_cur)
    }

    private static let recentCount = Mutex<(atNanos: UInt64, count: Int?)?>(nil)

    /// `openCount()`, counted at most once a second (`/metrics` and `/stats` report it: listing `/proc/self/fd` on
    /// every scrape cost ~50 µs, half of `/stats`' whole cost).
    public static func recentOpenCount() -> Int? {
        let now = SystemClock.monotonicNanos()
        if let recent = recentCount.withLock({ $0 }), now &- recent.atNanos < 1_000_000_000 { return recent.count }
        let count = openCount()
        recentCount.withLock { $0 = (now, count) }
        return count
    }

    /// Descriptors open now (`process_open_fds`: the entries of `/proc/self/fd`, less the one reading it), or nil where
    /// `/proc` cannot be read.
    public static func openCount() -> Int? {
        guard let directory = opendir("/proc/self/fd") else { return nil }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            let isDot = withUnsafeBytes(of: entry.pointee.d_name) { name in
                name[0] == UInt8(ascii: ".") && (name[1] == 0 || (name[1] == UInt8(ascii: ".") && name[2] == 0))
            }
            if !isDot { count += 1 }
        }
        return max(0, count - 1)
    }

    /// The fewest descriptors the server starts with: an idle one holds about 32 (loops, store, log, listeners).
    public static let minimum: UInt64 = 64

    /// Descriptors kept for everything but client connections (listeners, event loops, upstream and store connections,
    /// files; an idle server holds about 32): a quarter of the limit, at most 256.
    public static func reserve(forLimit limit: UInt64) -> UInt64 { min(256, limit / 4) }

    /// The client connections a process with `limit` descriptors can hold next to its own: `maxConnections`, or fewer.
    public static func connectionCap(maxConnections: Int, limit: UInt64) -> Int {
        let room = limit - reserve(forLimit: limit)
        return room < UInt64(maxConnections) ? max(1, Int(room)) : maxConnections
    }
}
