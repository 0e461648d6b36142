import FoundationEssentials

/// The directory that holds the database file (`DATA_DIR`).
enum DataDirectory {
    static func filePath(directory: String, fileName: String) -> String {
        directory.hasSuffix("/") ? directory + fileName : directory + "/" + fileName
    }

    /// Creates `directory` and its parents when missing; a file in its place is an error.
    static func create(_ directory: String) throws {
        var isDirectory = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory else {
                throw StorageError.fileSystem(operation: "open data directory", path: directory, message: "not a directory")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StorageError.fileSystem(operation: "create data directory", path: directory, message: "\(error)")
        }
    }
}
