import Glibc

/// Reads a `.env` file whole (at most `maximumSize` bytes).
enum DotEnvFile {
    /// A `.env` file larger than this is refused rather than read.
    static let maximumSize = 1 << 20

    /// The file's bytes; `nil` when it does not exist; an error when it exists but cannot be
    /// read (permissions, a directory, an I/O error, too large).
    static func read(path: String) throws(ConfigError) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT { return nil }
            throw .unreadableDotEnv(path: path, reason: describe(operation: "open", code))
        }
        // Closing a descriptor opened read-only cannot lose data; its result carries nothing.
        defer { _ = close(descriptor) }
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 << 10)
        while true {
            let count = Glibc.read(descriptor, &chunk, chunk.count)
            if count < 0 {
                let code = errno
                if code == EINTR { continue }
                throw .unreadableDotEnv(path: path, reason: describe(operation: "read", code))
            }
            if count == 0 { return contents }
            contents += chunk[0..<count]
            guard contents.count <= maximumSize else {
                throw .unreadableDotEnv(path: path, reason: "larger than \(maximumSize >> 20) MiB")
            }
        }
    }

    private static func describe(operation: String, _ code: Int32) -> String {
        "\(operation) failed: \(String(cString: strerror(code))) (errno \(code))"
    }
}
