import Foundation
import Glibc
import Identity
import Testing
import TestSupport
@testable import Eloquent

/// SIGTERM while transcriptions are in flight (issue 12): every accepted request is answered, the process exits 0,
/// and the usage is exact after a restart on the same data directory.
@Suite struct ShutdownUnderLoadLiveTests {
    static let secret = "shutdown-under-load-secret-0123456789abcdef"

    @Test func everyAcceptedTranscriptionIsAnsweredAndChargedExactlyOnce() async throws {
        let provider = try StandInProvider()
        defer { _ = provider.stop() }
        provider.reply = .held(TranscriptionLive.transcript)
        let directory = try StackFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let port = try StackBinary.freePort()
        var variables = TranscriptionLive.providerEnvironment(baseURL: provider.baseURL)
        variables.merge(["HOST": "127.0.0.1", "PORT": String(port), "DATA_DIR": directory + "/data", "EVENT_LOOPS": "2",
                         "SUPABASE_JWT_SECRET": Self.secret, "SHUTDOWN_TIMEOUT": "20s", "TRANSCRIPTION_CACHE_TTL": "0",
                         "MAX_IDLE_CONNS_PER_HOST": "64"]) { $1 }
        let server = try StackBinary.start(["serve"], variables: variables, in: directory, log: directory + "/first.log")
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
        try await StackBinary.waitUntilHealthy(port: port, process: server)
        let token = try TokenMinter.mint(sub: "5b0e8d52-8a51-4a0f-9c3e-2f1d0c9b8a7e", email: "load@example.com", secret: Self.secret)
        let count = 30
        var clients: [RawClient] = []
        for index in 0..<count {
            let (contentType, body) = TranscriptionUpload.form([], file: ("audio", "a.wav", TranscriptionUpload.wav(seed: 900 + UInt64(index))))
            let client = try RawClient(port: port, timeoutSeconds: 30)
            try client.send(StackLive.requestBytes("POST", TranscriptionUpload.desktopPath, headers: [
                ("Authorization", "Bearer " + token), ("Content-Type", contentType)], body: body))
            clients.append(client)
        }
        let allInFlight = try await TranscriptionLive.eventually(within: 20) { provider.transcriptionRecords.count == count }
        #expect(allInFlight, "\(provider.transcriptionRecords.count) of \(count) reached the provider; server log: \((try? String(contentsOfFile: directory + "/first.log", encoding: .utf8))?.suffix(2000) ?? "")")
        kill(server.processIdentifier, SIGTERM)
        // Draining: readiness turns 503 (or the listener is already closed) while the held requests wait.
        #expect(try await TranscriptionLive.eventually(within: 5) {
            guard let ready = try? StackLive.send(port, "/ready") else { return true }
            return ready.status == 503
        })
        provider.release()
        let replies = try clients.map { try $0.readReply() }
        #expect(replies.map(\.status) == Array(repeating: 200, count: count))
        #expect(try await StackBinary.waitForExit(server))
        #expect(server.terminationStatus == 0)

        // Restart on the same data directory: 30 transcriptions of 2.5 s each, charged once.
        let again = try StackBinary.start(["serve"], variables: variables, in: directory, log: directory + "/second.log")
        defer { if again.isRunning { kill(again.processIdentifier, SIGKILL) } }
        try await StackBinary.waitUntilHealthy(port: port, process: again)
        let history = try StackLive.send(port, "/api/usage/history?limit=100", headers: [("Authorization", "Bearer " + token)])
        let records = try #require(try StackFixture.jsonObject(history.body)["history"] as? [[String: Any]])
        #expect(records.count == count)
        #expect(records.compactMap { AccountJSONValue.number($0["seconds"]) }.reduce(0, +) == Double(count) * 2.5)
        let stats = try StackLive.send(port, "/api/usage/stats", headers: [("Authorization", "Bearer " + token)])
        #expect(stats.text.contains("\"current_month\":\(Int((Double(count) * 2.5 / 60).rounded(.up)))"))
        kill(again.processIdentifier, SIGTERM)
        #expect(try await StackBinary.waitForExit(again))
    }
}
