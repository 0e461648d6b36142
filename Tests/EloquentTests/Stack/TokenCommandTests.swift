@testable import Identity
import Foundation
import Glibc
import Testing
import TestSupport
@testable import Eloquent

/// The built `eloquent-server` binary: `token` mints what `serve` accepts; SIGTERM drains and exits 0; a bad setting
/// stops startup with exit 78 and one line.
@Suite struct TokenCommandTests {
    let directory: String
    let dataDir: String

    init() throws {
        directory = try StackFixture.temporaryDirectory()
        dataDir = directory + "/data"
    }

    func mint(_ arguments: [String], _ extra: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        try StackBinary.run(["token"] + arguments, variables: ["DATA_DIR": dataDir].merging(extra) { $1 }, in: directory)
    }

    @Test func tokenPrintsATokenSignedWithTheLocalSecret() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let sub = UUID().uuidString.lowercased()
        let result = try mint(["--sub", sub, "--email", "a@b.c"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let token = result.stdout.trimmingCharacters(in: .newlines)
        #expect(result.stdout == token + "\n")
        #expect(token.split(separator: ".", omittingEmptySubsequences: false).count == 3)
        let config = try Config.load(environment: ["DATA_DIR": dataDir], dotEnvPath: nil)
        let identity = try await IdentitySetup.verifier(for: config).verify(token)
        #expect(identity.userID == sub)
        #expect(identity.email == "a@b.c")
        #expect(identity.role == "user")
        #expect(identity.expiresAt - Int(Date().timeIntervalSince1970) <= 3600)

        let admin = try mint(["--sub", sub, "--email", "a@b.c", "--ttl", "60", "--role", "admin"])
        #expect(admin.status == 0)
        let adminIdentity = try await IdentitySetup.verifier(for: config).verify(admin.stdout.trimmingCharacters(in: .newlines))
        #expect(adminIdentity.role == "admin")
        #expect(adminIdentity.expiresAt - Int(Date().timeIntervalSince1970) <= 60)
    }

    @Test func tokenUsesTheConfiguredSecretWhenSet() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let secret = "configured-secret-0123456789-0123456789-xyz"
        let result = try mint(["--sub", "user-7", "--email", "x@y.z"], ["SUPABASE_JWT_SECRET": secret])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let token = result.stdout.trimmingCharacters(in: .newlines)
        let identity = try await TokenVerifier(hs256Secret: secret).verify(token)
        #expect(identity.userID == "user-7")
        let local = try TokenVerifier(hs256Secret: String(repeating: "z", count: 40))
        await #expect(throws: AuthFailure.self) { try await local.verify(token) }
    }

    @Test(arguments: [
        ["--email", "a@b.c"], ["--sub", "x"], ["--sub", "", "--email", "a@b.c"], ["--sub", "x", "--email", "a@b.c", "--ttl", "0"],
        ["--sub", "x", "--email", "a@b.c", "--ttl", "-5"], ["--sub", "x", "--email", "a@b.c", "--ttl", "999999999999"],
        ["--sub", "x", "--email", "a@b.c", "--ttl", "abc"], ["--sub", "x", "--email", "a@b.c", "--role", ""],
        ["--sub", "x", "--email", "a@b.c", "--bogus"],
    ])
    func badTokenArgumentsFailWithoutPrintingAToken(arguments: [String]) throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try mint(arguments)
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(!result.stderr.isEmpty)
    }

    @Test(arguments: [
        (["serve"], "PORT", "abc"), (["serve"], "PORT", "70000"), (["serve"], "RATE_LIMIT_REQUESTS", "-1"),
        (["serve"], "CORS_ORIGINS", "*,https://a.example"), (["token", "--sub", "x", "--email", "a@b.c"], "PORT", "abc"),
        ([], "GZIP_LEVEL", "11"),
    ])
    func aBadSettingExits78WithOneLineNamingIt(arguments: [String], variable: String, value: String) throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try StackBinary.run(arguments, variables: ["DATA_DIR": dataDir, variable: value], in: directory)
        #expect(result.status == 78)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 1, "stderr: \(result.stderr)")
        #expect(lines.first?.contains(variable) == true)
        #expect(result.stderr.hasSuffix("\n"))
    }

    @Test func theServerAcceptsAMintedTokenAndDrainsOnSIGTERM() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let minted = try mint(["--sub", UUID().uuidString.lowercased(), "--email", "a@b.c"])
        #expect(minted.status == 0, "stderr: \(minted.stderr)")
        let token = minted.stdout.trimmingCharacters(in: .newlines)

        let port = try StackBinary.freePort()
        let server = try StackBinary.start(["serve"], variables: [
            "DATA_DIR": dataDir, "HOST": "127.0.0.1", "PORT": String(port), "EVENT_LOOPS": "1",
            "SHUTDOWN_TIMEOUT": "10s", "LOG_LEVEL": "warning",
        ], in: directory, log: directory + "/server.log")
        do {
            try await StackBinary.waitUntilHealthy(port: port, process: server)

            let accepted = try StackLive.send(port, "/api/transcribe/api-key", headers: [("Authorization", "Bearer " + token)])
            #expect(accepted.status == 410)
            let refused = try StackLive.send(port, "/api/transcribe/api-key", headers: [("Authorization", "Bearer " + token + "x")])
            #expect(refused.status == 401)
            #expect(refused.text == #"{"error":"Invalid token"}"#)

            // An idle keep-alive connection, and one holding half a request head.
            let idle = try RawClient(port: port, timeoutSeconds: 15)
            try idle.send(StackLive.requestBytes("GET", "/health"))
            #expect(try idle.readReply().status == 200)
            let pending = try RawClient(port: port, timeoutSeconds: 15)
            try pending.send("GET /ready HTTP/1.1\r\nHost: localhost\r\n")
            // A full round trip on the one event loop: by its end the loop has read both connections' bytes.
            #expect(try StackLive.send(port, "/health").status == 200)

            #expect(kill(server.processIdentifier, SIGTERM) == 0)
            // The idle connection is closed by the drain (after readiness turned 503).
            #expect(try idle.isClosedByServer())
            // The busy one still gets its answer: not ready, and the connection closes after it.
            try pending.send("\r\n")
            let ready = try pending.readReply()
            #expect(ready.status == 503)
            #expect(ready.header("Connection")?.lowercased() == "close")
            #expect(try pending.isClosedByServer())
            // Nothing listens any more.
            #expect(throws: (any Error).self) { try StackLive.send(port, "/health") }
        } catch {
            let status = (try? String(contentsOfFile: "/proc/\(server.processIdentifier)/status", encoding: .utf8)) ?? ""
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
            let log = (try? String(contentsOfFile: directory + "/server.log", encoding: .utf8)) ?? ""
            throw StackTestError("\(error); server log:\n\(log)\n\(status)")
        }
        let exited = try await StackBinary.waitForExit(server)
        #expect(exited)
        #expect(server.terminationReason == .exit)
        #expect(server.terminationStatus == 0)
        let log = (try? String(contentsOfFile: directory + "/server.log", encoding: .utf8)) ?? ""
        #expect(!log.contains("\"level\":\"critical\""), "server log: \(log)")
    }
}
