import Basics

/// `UPLOAD_MIN_RATE`: an upload body must average at least `minimum` bytes per second once its first `grace` is
/// over, or it is cut with 408 (a body that sends nothing at all is `READ_TIMEOUT`'s). A trickling client thus
/// cannot keep a connection, its buffer and (later) a provider slot for as long as it likes.
struct UploadRate {
    let minimum: Int
    let graceNanos: UInt64
    private let started = SystemClock.monotonicNanos()
    private var bytes = 0

    init(minimum: Int, grace: Duration = .seconds(10)) {
        self.minimum = minimum
        let (seconds, attoseconds) = grace.components
        graceNanos = UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attoseconds) / 1_000_000_000)
    }

    /// Counts `count` more bytes; throws 408 when, past the grace period, the average is below the minimum.
    mutating func received(_ count: Int, done: Bool) throws(TranscriptionFailure) {
        bytes += count
        guard minimum > 0, !done else { return }
        let elapsed = SystemClock.monotonicNanos() - started
        guard elapsed > graceNanos else { return }
        // bytes / seconds < minimum, without floating point.
        if UInt64(bytes) * 1_000_000_000 < UInt64(minimum) * elapsed {
            throw TranscriptionFailure(status: 408, message: "Upload too slow: the body must arrive at \(minimum) bytes per second or faster",
                                       code: "upload_too_slow")
        }
    }
}
