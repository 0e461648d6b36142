import Glibc

struct ChildProcessError: Error, CustomStringConvertible {
    let description: String
}

/// A program the tests start (nginx, openssl) and stop again, without Foundation.
final class ChildProcess {
    let pid: pid_t
    private var reaped = false

    init(_ arguments: [String]) throws {
        var pid: pid_t = 0
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // Threads of the task pool block signals and a spawned child inherits the mask: give it a clean one, or
        // SIGTERM would never reach it.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGTERM)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let rc = posix_spawnp(&pid, arguments[0], nil, &attributes, argv, environ)
        guard rc == 0 else { throw ChildProcessError(description: "posix_spawnp(\(arguments[0])) failed: \(rc)") }
        self.pid = pid
    }

    /// Waits for the process to end; its exit status (or -1 when it did not exit normally).
    @discardableResult
    func wait() -> Int32 {
        var status: Int32 = 0
        guard !reaped, waitpid(pid, &status, 0) == pid else { return -1 }
        reaped = true
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : -1
    }

    /// Sends SIGTERM and reaps the process.
    func terminate() {
        guard !reaped else { return }
        kill(pid, SIGTERM)
        wait()
    }

    /// Runs a program to its end; throws unless it exits with 0.
    static func run(_ arguments: [String]) throws {
        let status = try ChildProcess(arguments).wait()
        guard status == 0 else { throw ChildProcessError(description: "\(arguments[0]) exited with \(status)") }
    }
}
