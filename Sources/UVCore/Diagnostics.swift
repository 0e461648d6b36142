internal import Glibc
internal import CLibUV

/// Writes a line to standard error with one write(2): for faults inside the event-loop machinery, where the
/// application's logger may not be reachable.
func diagnostic(_ message: String) {
    var line = "eloquent: " + message + "\n"
    line.withUTF8 { bytes in
        _ = Glibc.write(2, bytes.baseAddress, bytes.count)  // nothing more to do if stderr is gone
    }
}

/// A NUL-terminated C buffer as a Swift string.
func stringFromCBuffer(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// The process heap.
public enum ProcessMemory {
    /// Returns freed heap memory to the kernel (glibc keeps large freed blocks after a burst of big requests).
    /// Returns true when some memory was released.
    @discardableResult
    public static func releaseFree() -> Bool {
        uvcore_release_free_memory() == 1
    }

    /// Keeps large buffers (uploads of up to `mmapThreshold` bytes) in the heap, reused from one request to the
    /// next, instead of glibc's default: a fresh mmap for each block over its (adaptive) threshold and a trim of the
    /// heap top on free, so that every 1 MiB upload faulted its pages in anew (a quarter of the server's CPU under an
    /// upload burst) and unmapped them after. Freed memory then goes back to the kernel only by `releaseFree`
    /// (after a burst, and on the 30 s sweep). Returns false when glibc refused a value (32 MiB is its mmap maximum).
    @discardableResult
    public static func keepLargeBuffersInHeap(mmapThreshold: Int = 32 << 20, trimThreshold: Int = 1 << 30) -> Bool {
        uvcore_tune_heap(Int32(clamping: mmapThreshold), Int32(clamping: trimThreshold)) == 1
    }
}

/// Process-wide signal disposition for servers.
public enum BrokenPipe {
    /// Ignores SIGPIPE: a write to a peer that already reset (a TLS close_notify or an HTTP/2 GOAWAY sent to a
    /// client that has gone, for instance) must be an `EPIPE` error on that connection, not the end of the process.
    public static func ignore() {
        // signal() only fails for an invalid signal number; SIGPIPE is valid.
        _ = signal(SIGPIPE, SIG_IGN)
    }
}
