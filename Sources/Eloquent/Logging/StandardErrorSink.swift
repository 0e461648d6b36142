import Glibc
import Synchronization

/// Writes each line to a file descriptor (stderr by default) with one `write(2)` call.
///
/// A lock around the call makes lines from several threads never interleave, even when the
/// kernel accepts only part of a long line and the rest needs another call. A line that
/// cannot be written (closed descriptor, a full non-blocking pipe for over a second) is
/// dropped and counted; logging never throws and never stops the server.
public final class StandardErrorSink: LogSink {
    /// The process's standard error (descriptor 2).
    public static let shared = StandardErrorSink(fileDescriptor: 2)

    /// The descriptor written to; the sink does not own or close it.
    public let fileDescriptor: Int32
    private let lock = Mutex(())
    private let dropped = Atomic<Int>(0)

    /// A sink writing to `fileDescriptor`, which must stay open while the sink is in use.
    public init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
    }

    /// Lines dropped because they could not be written.
    public var droppedLines: Int { dropped.load(ordering: .relaxed) }

    public func write(_ line: [UInt8]) {
        let written = lock.withLock { _ in writeAll(line) }
        if !written { dropped.add(1, ordering: .relaxed) }
    }

    /// Writes `line` whole; one call unless the kernel takes only part of it.
    private func writeAll(_ line: [UInt8]) -> Bool {
        var remaining = line
        while !remaining.isEmpty {
            let count = Glibc.write(fileDescriptor, remaining, remaining.count)
            if count > 0 {
                remaining = count == remaining.count ? [] : Array(remaining[count...])
                continue
            }
            let code = errno
            if count < 0, code == EINTR { continue }
            if count < 0, code == EAGAIN || code == EWOULDBLOCK, waitUntilWritable() { continue }
            return false
        }
        return true
    }

    /// For a non-blocking descriptor: waits up to one second for room to write.
    private func waitUntilWritable() -> Bool {
        var request = pollfd(fd: fileDescriptor, events: Int16(POLLOUT), revents: 0)
        return poll(&request, 1, 1000) > 0
    }
}
