import Glibc

/// The directory that holds the database file (`DATA_DIR`).
///
/// Plain `stat`/`mkdir` rather than FileManager: this runs at every start, and FileManager's code (and the
/// Foundation metadata it instantiates) would otherwise stay resident for the life of the server (issue 9).
enum DataDirectory {
    static func filePath(directory: String, fileName: String) -> String {
        directory.hasSuffix("/") ? directory + fileName : directory + "/" + fileName
    }

    /// Creates `directory` and its parents when missing (like `mkdir -p`, mode 0777 less the umask); a file in its
    /// place is an error.
    static func create(_ directory: String) throws {
        switch kind(directory) {
        case .directory: return
        case .other:
            throw StorageError.fileSystem(operation: "open data directory", path: directory, message: "not a directory")
        case .missing: break
        }
        // Each prefix ending before a "/", then the whole path; one that exists already must be a directory.
        let bytes = Array(directory.utf8)
        var ends: [Int] = []
        for index in bytes.indices.dropFirst() where bytes[index] == UInt8(ascii: "/") && bytes[index - 1] != UInt8(ascii: "/") {
            ends.append(index)
        }
        ends.append(bytes.count)
        for end in ends {
            let prefix = String(decoding: bytes[..<end], as: UTF8.self)
            if mkdir(prefix, 0o777) == 0 { continue }
            let code = errno
            if code == EEXIST, kind(prefix) == .directory { continue }
            throw StorageError.fileSystem(operation: "create data directory", path: directory,
                                          message: "mkdir \(prefix): \(code == EEXIST ? "not a directory" : describe(code))")
        }
    }

    private enum Kind { case directory, other, missing }

    /// What is at `path`, following symbolic links; an unreadable path counts as missing (mkdir then says why).
    private static func kind(_ path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        return info.st_mode & S_IFMT == S_IFDIR ? .directory : .other
    }

    private static func describe(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return "\(String(cString: text)) (errno \(code))"
    }
}
