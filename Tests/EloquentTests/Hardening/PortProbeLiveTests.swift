import Foundation
import Glibc
import Testing
import HTTPServer
import TestSupport
@testable import Eloquent

/// A second process on a port already served refuses to start unless `REUSE_PORT=true` (issue 12, SPEC section 5).
@Suite struct PortProbeLiveTests {
    @Test func aSecondServerOnTheSamePortRefusesUnlessReusePortIsSet() throws {
        let first = HTTPServer(configuration: Self.configuration(port: 0), responder: StackRecordingNext().responder,
                               logger: StackFixture.quietLogger)
        let port = try first.start()
        defer {
            first.shutdown()
            _ = first.waitUntilStopped()
        }
        let second = HTTPServer(configuration: Self.configuration(port: port), responder: StackRecordingNext().responder,
                                logger: StackFixture.quietLogger)
        #expect(throws: ServerStartError.portInUse(host: "127.0.0.1", port: port)) { try second.start() }
        var sharing = Self.configuration(port: port)
        sharing.reusePort = true
        let third = HTTPServer(configuration: sharing, responder: StackRecordingNext().responder, logger: StackFixture.quietLogger)
        #expect(try third.start() == port)
        third.shutdown()
        #expect(third.waitUntilStopped())
    }

    static func configuration(port: Int) -> ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = port
        configuration.eventLoops = 1
        return configuration
    }

    @Test func theBinaryNamesTheProblemAndReusePortHandsOver() async throws {
        let directory = try StackFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let port = try StackBinary.freePort()
        let variables = ["HOST": "127.0.0.1", "PORT": String(port), "DATA_DIR": directory + "/a", "EVENT_LOOPS": "1", "LOG_FORMAT": "text"]
        let first = try StackBinary.start(["serve"], variables: variables, in: directory, log: directory + "/first.log")
        defer { if first.isRunning { kill(first.processIdentifier, SIGKILL) } }
        try await StackBinary.waitUntilHealthy(port: port, process: first)
        var other = variables
        other["DATA_DIR"] = directory + "/b"
        let refused = try StackBinary.run(["serve"], variables: other, in: directory)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("REUSE_PORT"))
        #expect(refused.stderr.contains("127.0.0.1:\(port)"))
        other["REUSE_PORT"] = "true"
        let second = try StackBinary.start(["serve"], variables: other, in: directory, log: directory + "/second.log")
        defer { if second.isRunning { kill(second.processIdentifier, SIGKILL) } }
        try await StackBinary.waitUntilHealthy(port: port, process: second)
        kill(first.processIdentifier, SIGTERM)
        #expect(try await StackBinary.waitForExit(first))
        #expect(first.terminationStatus == 0)
        #expect(try StackLive.send(port, "/health").status == 200)
        kill(second.processIdentifier, SIGTERM)
        #expect(try await StackBinary.waitForExit(second))
        // A bad value stops startup naming the variable.
        var bad = variables
        bad["REUSE_PORT"] = "maybe"
        let invalid = try StackBinary.run(["serve"], variables: bad, in: directory)
        #expect(invalid.status != 0)
        #expect(invalid.stderr.contains("REUSE_PORT"))
    }
}
