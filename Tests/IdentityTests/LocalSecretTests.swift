@testable import Identity
import FoundationEssentials
import Testing

@Suite struct IdentityLocalSecretTests {
    private func scratchDirectory() -> String {
        "/tmp/eloquent-identity-tests/" + LocalSecret.generate().prefix(16)
    }

    private func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? Int ?? -1) & 0o777
    }

    private func write(_ text: String, to path: String, mode: Int = 0o600) throws {
        let directory = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8),
                                               attributes: [.posixPermissions: mode]))
    }

    private func failure(_ dataDir: String) -> LocalSecretError? {
        do {
            _ = try LocalSecret.loadOrCreate(dataDir: dataDir)
            return nil
        } catch {
            return error
        }
    }

    @Test func createsTheSecretOnceWithMode0600AndReusesIt() throws {
        let root = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let dataDir = root + "/nested/data"
        let secret = try LocalSecret.loadOrCreate(dataDir: dataDir)
        let file = dataDir + "/" + LocalSecret.fileName
        #expect(secret.utf8.count == 43)
        #expect(Base64URL.decode(Array(secret.utf8))?.count == 32)
        #expect(try mode(file) == 0o600)
        #expect(try mode(dataDir) == 0o700)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dataDir) == [LocalSecret.fileName])
        #expect(try LocalSecret.loadOrCreate(dataDir: dataDir) == secret)
        #expect(try LocalSecret.loadOrCreate(dataDir: dataDir + "/") == secret)
        #expect(try LocalSecret.loadOrCreate(dataDir: root + "/other") != secret)
    }

    @Test func concurrentStartsAgreeOnOneSecret() async throws {
        let dataDir = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        let secrets = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<8 { group.addTask { try LocalSecret.loadOrCreate(dataDir: dataDir) } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(secrets.count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dataDir) == [LocalSecret.fileName])
    }

    @Test(arguments: ["", "\n", "not base64url!", "c2hvcnQ", String(repeating: "A", count: 5000)])
    func corruptFilesAreErrorsNotReplaced(contents: String) throws {
        let dataDir = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        try write(contents, to: dataDir + "/" + LocalSecret.fileName)
        #expect(failure(dataDir)?.kind == .corrupt)
        #expect(failure(dataDir)?.description.contains("jwt-secret") == true)
    }

    @Test func looseModesSymlinksAndDirectoriesAreRefused() throws {
        let dataDir = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        let file = dataDir + "/" + LocalSecret.fileName
        try write(LocalSecret.generate(), to: file, mode: 0o644)
        #expect(failure(dataDir)?.kind == .insecure)
        try FileManager.default.removeItem(atPath: file)
        try write(LocalSecret.generate(), to: dataDir + "/target")
        try FileManager.default.createSymbolicLink(atPath: file, withDestinationPath: dataDir + "/target")
        #expect(failure(dataDir)?.kind == .insecure)
        try FileManager.default.removeItem(atPath: file)
        try FileManager.default.createDirectory(atPath: file, withIntermediateDirectories: false)
        #expect(failure(dataDir)?.kind == .insecure)
    }

    @Test func aDataDirThatIsAFileIsAnIOError() throws {
        let root = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try write("x", to: root + "/file")
        let error = failure(root + "/file")
        #expect(error?.kind == .io)
        #expect(error?.description.contains("failed") == true || error?.description.contains("not a directory") == true)
    }

    @Test func aValidExistingSecretIsUsedAsWritten() throws {
        let dataDir = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        let secret = LocalSecret.generate()
        try write(secret + "\r\n", to: dataDir + "/" + LocalSecret.fileName)
        #expect(try LocalSecret.loadOrCreate(dataDir: dataDir) == secret)
    }
}
