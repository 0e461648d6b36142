extension SQLiteConnection {
    /// WAL journal (readers never block the writer), `synchronous=NORMAL` (durable at each
    /// checkpoint, never corrupt), foreign keys enforced (deletes cascade).
    func configureAsWriter() throws {
        let operation = "enable WAL journal"
        let mode = try firstRow("PRAGMA journal_mode = WAL", operation: operation) { try $0.text(0) }
        guard mode?.lowercased() == "wal" else {
            throw StorageError.sqlite(operation: operation, code: 0, message: "journal mode stayed \(mode ?? "unknown")")
        }
        try executeScript("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON", operation: "configure writer")
    }

    /// A connection that refuses writes, for the reader lanes.
    func configureAsReader() throws {
        try executeScript("PRAGMA foreign_keys = ON; PRAGMA query_only = ON", operation: "configure reader")
    }
}
