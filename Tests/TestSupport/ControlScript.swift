import Glibc

/// The control scripts `scripts/with-postgres` and `scripts/with-redis` export (`…_CTL stop|start`), run with
/// `posix_spawn` and `waitpid`, blocking this thread for the second or so they take.
public enum ControlScript {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs the script named by the environment variable `variable` with `action`; throws unless it exits 0.
    public static func run(_ variable: String, _ action: String) throws {
        guard let found = getenv(variable) else {
            throw Failure(description: "\(variable) is not set: run under scripts/with-postgres and scripts/with-redis")
        }
        let script = String(cString: found)
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(script), strdup(action), nil]
        defer { argv.forEach { free($0) } }
        let spawned = posix_spawn(&pid, script, nil, nil, argv, environ)
        guard spawned == 0 else { throw Failure(description: "posix_spawn \(script): \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw Failure(description: "waitpid: \(errno)") }
        }
        guard status == 0 else { throw Failure(description: "\(script) \(action) failed: status \(status)") }
    }
}
