import Foundation
@testable import Storage
import Testing

@Suite struct CorruptionTests {
    /// Builds a database with enough users to span several pages, closes it and returns its path.
    static func populatedDatabase(in directory: String) async throws -> String {
        let store = try await SQLiteStore.open(directory: directory)
        for index in 0..<300 {
            try await store.makeUser("user-\(index)", name: String(repeating: "n", count: 200), now: index)
        }
        try await store.close()
        return store.path
    }

    /// Opens the store and reads every user, closing the store whatever happens.
    static func openAndReadEverything(_ directory: String) async throws {
        let store = try await SQLiteStore.open(directory: directory)
        do {
            _ = try await store.listUsers(offset: 0, limit: 1_000, plan: nil)
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }

    static func isCorruption(_ error: any Error) -> Bool {
        guard case .corruptDatabase = error as? StorageError else { return false }
        return true
    }

    @Test func fileThatIsNotADatabaseIsRefusedAtOpen() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/" + SQLiteStore.fileName
            let garbage = Data((0..<8_192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
            try garbage.write(to: URL(fileURLWithPath: path))
            let error = await #expect(throws: StorageError.self) { _ = try await SQLiteStore.open(directory: directory) }
            #expect(error.map(Self.isCorruption) == true)
            #expect(error?.description.contains(path) == true)
            #expect(error?.description.contains("not a SQLite database") == true)
        }
    }

    @Test func textFileIsRefusedAtOpen() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/" + SQLiteStore.fileName
            try Data("SQLite format 3 but not really\n".utf8).write(to: URL(fileURLWithPath: path))
            await #expect { _ = try await SQLiteStore.open(directory: directory) } throws: { Self.isCorruption($0) }
        }
    }

    @Test func damagedPagesGiveACorruptionErrorNotACrash() async throws {
        try await withTemporaryDirectory { directory in
            let path = try await Self.populatedDatabase(in: directory)
            var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(bytes.count > 16 * 4_096)
            for index in 4_096..<bytes.count where index % 4_096 < 2_000 {
                bytes[index] = UInt8(truncatingIfNeeded: index &* 131)
            }
            try bytes.write(to: URL(fileURLWithPath: path))
            await #expect { try await Self.openAndReadEverything(directory) } throws: { Self.isCorruption($0) }
        }
    }

    @Test func truncatedFileGivesACorruptionErrorNotACrash() async throws {
        try await withTemporaryDirectory { directory in
            let path = try await Self.populatedDatabase(in: directory)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
            await #expect { try await Self.openAndReadEverything(directory) } throws: { Self.isCorruption($0) }
        }
    }

    @Test func emptyFileIsTreatedAsANewDatabase() async throws {
        try await withTemporaryDirectory { directory in
            #expect(FileManager.default.createFile(atPath: directory + "/" + SQLiteStore.fileName, contents: Data()))
            let store = try await SQLiteStore.open(directory: directory)
            #expect(try await store.schemaVersion() == Schema.latestVersion)
            try await store.close()
        }
    }

    @Test func dataDirectoryThatIsAFileIsRefused() async throws {
        try await withTemporaryDirectory { directory in
            let file = directory + "/not-a-dir"
            #expect(FileManager.default.createFile(atPath: file, contents: Data("x".utf8)))
            await #expect(throws: StorageError.fileSystem(operation: "open data directory", path: file, message: "not a directory")) {
                _ = try await SQLiteStore.open(directory: file)
            }
            await #expect {
                _ = try await SQLiteStore.open(directory: file + "/below")
            } throws: { error in
                guard case .fileSystem(let operation, _, _) = error as? StorageError else { return false }
                return operation == "create data directory"
            }
        }
    }
}
