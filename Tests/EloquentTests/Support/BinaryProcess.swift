import Foundation
import Glibc
import TestSupport

/// Runs the built `eloquent-server` binary: `ELOQUENT_BINARY`, else `.build/debug/eloquent-server` under the package.
enum StackBinary {
    static var path: String {
        if let path = ProcessInfo.processInfo.environment["ELOQUENT_BINARY"], !path.isEmpty { return path }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/eloquent-server").path
    }

    /// A child environment holding only `PATH` and `variables`, so that the developer's own settings never leak in.
    static func environment(_ variables: [String: String]) -> [String: String] {
        var environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        environment.merge(variables) { $1 }
        return environment
    }

    /// Runs the binary to completion in `directory` (so no stray `.env` is read).
    static func run(_ arguments: [String], variables: [String: String], in directory: String) throws
        -> (status: Int32, stdout: String, stderr: String) {
        let log = directory + "/run-\(UUID().uuidString).log"
        let process = try start(arguments, variables: variables, in: directory, log: log)
        let stdout = (process.standardOutput as? Pipe)?.fileHandleForReading.readDataToEndOfFile() ?? Data()
        process.waitUntilExit()
        let stderr = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), stderr)
    }

    /// Starts the binary in `directory`; stdout is a pipe, stderr goes to the file `log`.
    static func start(_ arguments: [String], variables: [String: String], in directory: String, log: String) throws -> Process {
        guard FileManager.default.createFile(atPath: log, contents: nil) else { throw StackTestError("cannot create \(log)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = environment(variables)
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = Pipe()
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        try process.run()
        return process
    }

    /// A port that was free a moment ago: bound on 127.0.0.1:0, read back, released.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw StackTestError("socket: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw StackTestError("bind/getsockname: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Polls `/health` until it answers 200 (or the process ends, or about 30 s pass).
    static func waitUntilHealthy(port: Int, process: Process) async throws {
        for _ in 0..<600 {
            guard process.isRunning else { throw StackTestError("the server exited with \(process.terminationStatus)") }
            if let reply = try? StackLive.send(port, "/health"), reply.status == 200 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw StackTestError("the server never became healthy on port \(port)")
    }

    /// Waits for the process to end (about 30 s at most, then it is killed); returns whether it ended by itself.
    static func waitForExit(_ process: Process) async throws -> Bool {
        for _ in 0..<600 where process.isRunning {
            try await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return false
        }
        process.waitUntilExit()
        return true
    }
}
