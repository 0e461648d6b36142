import UVCore

/// `WRITE_TIMEOUT` is a stall limit, as `READ_TIMEOUT` is: the deadline restarts whenever the client has taken bytes
/// since the last sweep (the bytes it has not taken, in libuv's queue and the kernel's send queue, went down), so a
/// slow but steady reader of a large response is never cut.
enum WriteProgress {
    /// Restarts `deadline` when `tcp`'s untaken bytes fell below `mark`, updates `mark`; true when the deadline has
    /// passed with nothing taken.
    static func stalled(_ tcp: TCPConnection, deadline: inout UInt64, mark: inout Int, now: UInt64, timeout: Duration) -> Bool {
        guard deadline != 0 else { return false }
        let queued = tcp.queuedWriteBytes
        if queued < mark { deadline = now + timeout.milliseconds }
        mark = queued
        return now >= deadline
    }
}
