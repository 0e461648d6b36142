import Glibc
import CoreFoundation  // release builds resolve the Glibc `stat` struct through CoreFoundation (jwt-kit links Foundation)
import CDispatch  // debug builds resolve it through CDispatch (a non-modular glibc header: its first includer owns it)

/// The POSIX calls behind ``LocalSecret``, each return code checked and turned into a
/// ``LocalSecretError`` naming the operation and `errno`.
enum SecretFileSystem {
    static let maxFileBytes = 4096

    /// Creates `path` and missing parents with mode 0700; an existing directory is kept as is.
    static func ensureDirectory(_ path: String) throws(LocalSecretError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o700) != 0, errno != EEXIST {
                throw failure("mkdir", prefix)
            }
        }
        var info = stat()
        guard stat(path, &info) == 0 else { throw failure("stat", path) }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw LocalSecretError(kind: .io, path: path, detail: "DATA_DIR is not a directory")
        }
    }

    /// The file's bytes, or `nil` when it does not exist. Refuses symlinks, non-regular files,
    /// group/other permissions and files over ``maxFileBytes``.
    static func read(_ path: String) throws(LocalSecretError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        if fd < 0 {
            if errno == ENOENT { return nil }
            if errno == ELOOP { throw LocalSecretError(kind: .insecure, path: path, detail: "a symbolic link") }
            throw failure("open", path)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure("fstat", path) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw LocalSecretError(kind: .insecure, path: path, detail: "not a regular file")
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw LocalSecretError(kind: .insecure, path: path, detail: "mode 0\(String(mode, radix: 8))")
        }
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: maxFileBytes + 1)
        while contents.count <= maxFileBytes {
            let n = Glibc.read(fd, &chunk, chunk.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("read", path)
            }
            if n == 0 { break }
            contents += chunk[..<n]
        }
        guard contents.count <= maxFileBytes else {
            throw LocalSecretError(kind: .corrupt, path: path, detail: "larger than \(maxFileBytes) bytes")
        }
        return contents
    }

    /// Writes `bytes` to a new file `path` with mode 0600, durably. Fails if `path` exists.
    static func createExclusive(_ path: String, bytes: [UInt8]) throws(LocalSecretError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure("open", path) }
        var closed = false
        defer { if !closed { close(fd) } }
        guard fchmod(fd, 0o600) == 0 else { throw failure("fchmod", path) }
        var written = 0
        while written < bytes.count {
            let rest = Array(bytes[written...])
            let n = Glibc.write(fd, rest, rest.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("write", path)
            }
            written += n
        }
        guard fsync(fd) == 0 else { throw failure("fsync", path) }
        closed = true
        guard close(fd) == 0 else { throw failure("close", path) }
    }

    /// Links `source` to `destination` unless `destination` exists; returns whether it linked.
    static func linkIfAbsent(_ source: String, _ destination: String) throws(LocalSecretError) -> Bool {
        if link(source, destination) == 0 { return true }
        if errno == EEXIST { return false }
        throw failure("link", destination)
    }

    static func remove(_ path: String) throws(LocalSecretError) {
        guard unlink(path) == 0 else { throw failure("unlink", path) }
    }

    /// Makes a directory entry change durable.
    static func syncDirectory(_ path: String) throws(LocalSecretError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("open", path) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw failure("fsync", path) }
    }

    private static func failure(_ operation: String, _ path: String) -> LocalSecretError {
        let code = errno
        let message = strerror(code).map { String(cString: $0) } ?? "errno \(code)"
        return LocalSecretError(kind: .io, path: path, detail: "\(operation) failed: \(message)")
    }
}
