import Foundation
@testable import Storage
import Synchronization

/// A fresh directory under the system's temporary directory, removed after `body`.
func withTemporaryDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("storage-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try await body(path)
}

/// A freshly migrated store in its own temporary directory, closed after `body`.
func withStore(
    options: SQLiteStoreOptions = SQLiteStoreOptions(), _ body: (SQLiteStore, String) async throws -> Void
) async throws {
    try await withTemporaryDirectory { directory in
        let store = try await SQLiteStore.open(directory: directory, options: options)
        do {
            try await body(store, directory)
            try await store.close()
        } catch {
            try? await store.close()
            throw error
        }
    }
}

/// Fixed instants used as `now` in tests.
enum Instant {
    /// 2024-03-15T12:00:00Z
    static let march2024 = 1_710_504_000
    /// 2024-04-01T00:00:00Z
    static let april2024 = 1_711_929_600
}

extension UserStore {
    /// Creates a user with a predictable email.
    @discardableResult
    func makeUser(_ id: String, email: String? = nil, name: String? = nil, now: Int = Instant.march2024) async throws -> UserRecord {
        try await upsertUserFromSignIn(id: id, email: email ?? "\(id)@example.com", name: name, pictureURL: nil, now: now)
    }
}

extension SQLiteStore {
    /// Row count of `table` for `userID` (read on the writer, so it sees everything written).
    func rowCount(_ table: String, userID: String) async throws -> Int {
        try await write("test count") { connection in
            try connection.firstRow("SELECT COUNT(*) FROM \(table) WHERE user_id = ?1", [.text(userID)], operation: "test count") {
                try $0.int(0)
            } ?? -1
        }
    }
}

extension UsageRecordingResult {
    var monthSeconds: Double? {
        if case let .recorded(_, monthSeconds) = self { return monthSeconds }
        return nil
    }

    var record: UsageRecord? {
        if case let .recorded(record, _) = self { return record }
        return nil
    }
}

/// A monotonic clock that moves only when told, for cache expiry tests.
final class ManualClock: Sendable {
    private let start = ContinuousClock.now
    private let offset = Mutex<Duration>(.zero)

    func now() -> ContinuousClock.Instant { start + offset.withLock { $0 } }

    func advance(by duration: Duration) { offset.withLock { $0 += duration } }
}
