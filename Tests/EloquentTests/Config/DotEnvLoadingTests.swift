import Eloquent
import Foundation
import Testing

/// `Config.load` with a real `.env` file.
@Suite struct DotEnvLoadingTests {
    @Test func fileValuesApplyAndEnvironmentWins() throws {
        let path = try temporaryEnvFile(Array("PORT=4000\nHOST=127.0.0.1\nexport LOG_FORMAT='text'\nGZIP_LEVEL=3\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let config = try Config.load(environment: ["PORT": "5000", "GZIP_LEVEL": ""], dotEnvPath: path, activeCores: 2)
        #expect(config.port == 5000)
        #expect(config.host == "127.0.0.1")
        #expect(config.logFormat == .text)
        #expect(config.gzipLevel == 3, "an empty environment value must not hide the file's value")
    }

    @Test func missingFileIsFine() throws {
        let config = try Config.load(environment: ["PORT": "1234"], dotEnvPath: "/nonexistent/dir/.env-\(UUID())")
        #expect(config.port == 1234)
    }

    @Test func badValueInFileIsReportedByVariable() throws {
        let path = try temporaryEnvFile(Array("PORT=\"70000\"\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: ConfigError.invalidValue(variable: "PORT", expected: "an integer 0…65535", got: "\"70000\"")) {
            try Config.load(environment: [:], dotEnvPath: path)
        }
        #expect(try Config.load(environment: ["PORT": "80"], dotEnvPath: path).port == 80)
    }

    @Test func malformedFileNamesFileAndLine() throws {
        let path = try temporaryEnvFile(Array("# ok\nPORT=1\nthis is not an assignment\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try Config.load(environment: [:], dotEnvPath: path)
            Issue.record("a malformed file must not load")
        } catch {
            #expect(error.description.hasPrefix("\(path):3: expected \"=\" after this"), "\(error)")
        }
    }

    @Test func unreadableFileIsAnError() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("eloquent-dir-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            _ = try Config.load(environment: [:], dotEnvPath: directory)
            Issue.record("a directory is not a readable .env file")
        } catch {
            guard case .unreadableDotEnv(let path, let reason) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(path == directory)
            #expect(reason.contains("read failed"))
            #expect(error.description.hasPrefix("\(directory): cannot read the .env file: "))
        }
    }

    @Test func oversizedFileIsRefused() throws {
        let path = try temporaryEnvFile(Array(repeating: UInt8(ascii: "#"), count: (1 << 20) + 10))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: ConfigError.unreadableDotEnv(path: path, reason: "larger than 1 MiB")) {
            try Config.load(environment: [:], dotEnvPath: path)
        }
    }
}
