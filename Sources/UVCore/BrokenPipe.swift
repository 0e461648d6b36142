internal import Glibc

/// Process-wide signal disposition for servers.
public enum BrokenPipe {
    /// Ignores SIGPIPE: a write to a peer that already reset (a TLS close_notify or an HTTP/2 GOAWAY sent to a
    /// client that has gone, for instance) must be an `EPIPE` error on that connection, not the end of the process.
    public static func ignore() {
        // signal() only fails for an invalid signal number; SIGPIPE is valid.
        _ = signal(SIGPIPE, SIG_IGN)
    }
}
