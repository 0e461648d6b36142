import Foundation
@testable import Storage
import Testing
import UVCore

/// What only the PostgreSQL store has: several instances on one database, connections that
/// break and come back, and libpq's URL handling.
@Suite(.enabled(if: !PostgresTestServer.skipped, "ELOQUENT_TEST_SKIP_POSTGRES=1"))
struct PostgresStoreTests {
    static func entry(_ seconds: Double, user: String = "u1") -> UsageEntry {
        UsageEntry(userID: user, seconds: seconds, mode: "standard", language: "en", processingTimeMs: 1, success: true)
    }

    static func isUnavailable(_ error: any Error) -> Bool {
        (error as? StorageError)?.isUnavailable ?? false
    }

    @Test func severalInstancesNeverPassTheLimitTogether() async throws {
        try await withPostgresDatabase { url in
            let instances = [
                try await PostgresStore.open(url: url, options: PostgresStoreOptions(poolSize: 3)),
                try await PostgresStore.open(url: url, options: PostgresStoreOptions(poolSize: 5)),
                try await PostgresStore.open(url: url, options: PostgresStoreOptions(poolSize: 1)),
            ]
            try await instances[0].makeUser("u1")
            let limit = 333.0  // room for exactly 111 calls of 3 s
            let results = try await withThrowingTaskGroup(of: UsageRecordingResult.self) { group in
                for index in 0..<300 {
                    let store = instances[index % instances.count]
                    group.addTask { try await store.recordUsage(Self.entry(3), now: Instant.march2024, limitSeconds: limit) }
                }
                return try await group.reduce(into: [UsageRecordingResult]()) { $0.append($1) }
            }
            let recorded = results.compactMap(\.monthSeconds)
            #expect(recorded.count == 111)
            #expect(Set(recorded).count == 111)  // each charge saw its own running total
            #expect(recorded.allSatisfy { $0 <= limit })
            for result in results where result.monthSeconds == nil {
                guard case let .limitExceeded(monthSeconds, limitSeconds) = result else { continue }
                #expect(monthSeconds + 3 > limitSeconds)
            }
            #expect(try await instances[1].monthSeconds(userID: "u1", month: "2024-03") == limit)
            #expect(try await instances[2].usageHistory(userID: "u1", limit: 1_000).count == 111)
            for store in instances { try await store.close() }
        }
    }

    @Test func everythingSurvivesCloseAndReopenAndAClosedStoreRefuses() async throws {
        try await withPostgresDatabase { url in
            let store = try await PostgresStore.open(url: url)
            try await store.makeUser("u1", name: "Ann", now: 10)
            _ = try await store.setPlan(userID: "u1", plan: .starter, now: 11)
            _ = try await store.registerDevice(userID: "u1", deviceID: "mac", now: 14)
            _ = try await store.recordUsage(Self.entry(61), now: Instant.march2024, limitSeconds: nil)
            _ = try await store.markStripeEventProcessed(id: "evt_1", type: "invoice.paid", now: 15)
            let before = try #require(try await store.user(id: "u1"))
            let history = try await store.usageHistory(userID: "u1", limit: 10)
            try await store.close()
            try await store.close()
            await #expect(throws: StorageError.closed(operation: "read user by id")) { _ = try await store.user(id: "u1") }
            await #expect(throws: StorageError.closed(operation: "migrate")) { _ = try await store.migrate() }

            let reopened = try await PostgresStore.open(url: url)
            #expect(try await reopened.user(id: "u1") == before)
            #expect(try await reopened.usageHistory(userID: "u1", limit: 10) == history)
            #expect(try await reopened.monthSeconds(userID: "u1", month: "2024-03") == 61)
            #expect(try await !reopened.markStripeEventProcessed(id: "evt_1", type: "invoice.paid", now: 16))
            try await reopened.close()
        }
    }

    /// A caller running on an event loop (a request on its HTTP loop) gets connections driven by that loop, opened
    /// there without any task of Swift's shared pool; they close when that loop stops, leaving no handle open.
    @Test func aCallerOnAnEventLoopUsesConnectionsOfThatLoopUntilItStops() async throws {
        try await withPostgresStore(options: PostgresStoreOptions(poolSize: 4)) { store, _ in
            try await store.makeUser("u1")
            #expect(store.loopPoolCount == 0)  // a test task runs on no loop: the store's own
            let loop = try EventLoop(name: "test-caller")
            loop.start()
            let total = try await Task(executorPreference: loop) { () async throws -> Double in
                #expect(EventLoop.current === loop)
                async let first = store.monthSeconds(userID: "u1", month: "2024-03")
                async let second = store.monthSeconds(userID: "u1", month: "2024-03")
                let third = try await store.monthSeconds(userID: "u1", month: "2024-03")  // past the loop's 2
                return try await first + second + third
            }.value
            #expect(total == 0)
            #expect(store.loopPoolCount == 1)
            loop.stop()
            #expect(loop.join() == 0)  // its connections closed as it stopped
            #expect(try await store.monthSeconds(userID: "u1", month: "2024-03") == 0)  // the store goes on
        }
    }

    @Test func aStoreIsClosedOnlyAfterItsOperationsInFlight() async throws {
        try await withPostgresStore(options: PostgresStoreOptions(poolSize: 2)) { store, _ in
            try await store.makeUser("u1")
            async let slow: Void = store.execute("SELECT pg_sleep(0.3)")
            try await Task.sleep(for: .milliseconds(50))
            try await store.close()
            try await slow  // finished, not cut off
            await #expect(throws: StorageError.closed(operation: "count users")) { _ = try await store.totalUsers() }
        }
    }

    @Test func onlyPostgresURLsAreAccepted() async throws {
        for url in ["mysql://user@localhost/db", "host=localhost dbname=x", "", "postgres://x\u{0}y"] {
            await #expect {
                _ = try await PostgresStore.open(url: url)
            } throws: { error in
                guard case .invalidArgument(let operation, _) = error as? StorageError else { return false }
                return operation == "open PostgreSQL store"
            }
        }
    }

    @Test func aServerThatIsNotThereIsUnavailable() async throws {
        let port = try closedPort()
        // Refused at once, not after the connect timeout (no wall-clock assertion here: speed lives in scripts/bench).
        let error = await #expect(throws: StorageError.self) {
            _ = try await PostgresStore.open(url: "postgresql://nobody:secret@127.0.0.1:\(port)/db")
        }
        #expect(error?.isUnavailable == true)
        #expect(error?.description.contains("secret") == false)
    }

    @Test func aWrongPasswordIsUnavailableAndNotEchoed() async throws {
        let url = try PostgresTestServer.url()
        let wrong = url.replacingOccurrences(
            of: #"://eloquent:[^@]*@"#, with: "://eloquent:WrongPassword123@", options: .regularExpression)
        #expect(wrong != url)
        let error = await #expect(throws: StorageError.self) { _ = try await PostgresStore.open(url: wrong) }
        #expect(error?.isUnavailable == true)
        #expect(error?.description.contains("password authentication failed") == true)
        #expect(error?.description.contains("WrongPassword123") == false)
    }

    @Test func sslModeFromTheURLReachesLibpq() async throws {
        // The test server has no certificate: sslmode=require must refuse, sslmode=disable must work.
        let url = try PostgresTestServer.url()
        let error = await #expect(throws: StorageError.self) { _ = try await PostgresStore.open(url: url + "?sslmode=require") }
        #expect(error?.isUnavailable == true)
        #expect(error?.description.contains("SSL") == true)
        let plain = try await PostgresStore.open(url: url + "?sslmode=disable", options: PostgresStoreOptions(migrateOnOpen: false))
        try await plain.close()
    }

    @Test func aFailedStatementLeavesTheConnectionUsable() async throws {
        try await withPostgresStore(options: PostgresStoreOptions(poolSize: 1)) { store, _ in
            let error = await #expect(throws: StorageError.self) { try await store.execute("SELECT * FROM no_such_table") }
            guard case .postgres(let operation, "42P01", let message) = error else {
                Issue.record("expected undefined_table, got \(String(describing: error))")
                return
            }
            #expect(operation == "test statement" && message.contains("no_such_table"))
            // A failed transaction is rolled back before its connection serves the next call.
            await #expect(throws: StorageError.userNotFound(operation: "register device", id: "ghost")) {
                _ = try await store.registerDevice(userID: "ghost", deviceID: "d", now: 1)
            }
            try await store.makeUser("u1")
            #expect(try await store.totalUsers() == 1)
        }
    }
}

/// Stops and starts the second test server, which no other suite uses.
@Suite(.serialized, .enabled(if: !PostgresTestServer.skipped, "ELOQUENT_TEST_SKIP_POSTGRES=1"))
struct PostgresOutageTests {
    /// Runs the control script with `posix_spawn` and `waitpid` (blocking this thread for the
    /// second or so it takes; Foundation's `Process.waitUntilExit` was seen to miss the exit).
    static func control(_ action: String) throws {
        let script = try PostgresTestServer.variable("ELOQUENT_TEST_POSTGRES_OUTAGE_CTL")
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(script), strdup(action), nil]
        defer { argv.forEach { free($0) } }
        let spawned = posix_spawn(&pid, script, nil, nil, argv, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        }
        guard status == 0 else {
            throw PostgresTestServer.NotConfigured(variable: "ELOQUENT_TEST_POSTGRES_OUTAGE_CTL (\(action) failed: status \(status))")
        }
    }

    @Test func storeAnswersUnavailableWhileTheServerIsDownAndHealsWhenItReturns() async throws {
        let server = try PostgresTestServer.variable("ELOQUENT_TEST_POSTGRES_OUTAGE_URL")
        try await withPostgresDatabase(serverURL: server) { url in
            let store = try await PostgresStore.open(url: url, options: PostgresStoreOptions(poolSize: 3))
            do {
                try await store.makeUser("u1")
                _ = try await store.recordUsage(PostgresStoreTests.entry(5), now: Instant.march2024, limitSeconds: nil)

                // A statement running when the server stops fails as unavailable, not as a hang or a crash.
                let inFlight = Task { try await store.execute("SELECT pg_sleep(30)") }
                try await Task.sleep(for: .milliseconds(200))
                try Self.control("stop")
                await #expect { try await inFlight.value } throws: { PostgresStoreTests.isUnavailable($0) }

                await #expect { try await store.ping() } throws: { PostgresStoreTests.isUnavailable($0) }
                for _ in 0..<3 {
                    await #expect { _ = try await store.user(id: "u1") } throws: { PostgresStoreTests.isUnavailable($0) }
                    await #expect {
                        _ = try await store.recordUsage(PostgresStoreTests.entry(1), now: Instant.march2024, limitSeconds: nil)
                    } throws: { PostgresStoreTests.isUnavailable($0) }
                }
                // Many callers at once (more than the pool holds): every one gets its answer, unavailable.
                let outcomes = await withTaskGroup(of: Bool.self) { group in
                    for _ in 0..<20 {
                        group.addTask {
                            do { _ = try await store.totalUsers(); return false } catch { return PostgresStoreTests.isUnavailable(error) }
                        }
                    }
                    return await group.reduce(into: [Bool]()) { $0.append($1) }
                }
                #expect(outcomes == Array(repeating: true, count: 20))
                let refused = await #expect(throws: StorageError.self) { _ = try await PostgresStore.open(url: url) }
                #expect(refused?.isUnavailable == true)

                try Self.control("start")
                // The same store, not reopened: new connections replace the broken ones.
                try await store.ping()
                #expect(try await store.user(id: "u1")?.id == "u1")
                let after = try await store.recordUsage(PostgresStoreTests.entry(2), now: Instant.march2024, limitSeconds: nil)
                #expect(after.monthSeconds == 7)  // nothing accepted before was lost, nothing refused was charged
                #expect(try await store.usageHistory(userID: "u1", limit: 10).count == 2)
                try await store.close()
                #expect(store.loopCloseResult == 0)
            } catch {
                try? Self.control("start")
                try? await store.close()
                throw error
            }
        }
    }
}

/// A loopback port with nothing listening on it.
func closedPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw POSIXError(.EBADF) }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw -> Bool in
            bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
        }
    }
    guard bound else { throw POSIXError(.EADDRNOTAVAIL) }
    return Int(UInt16(bigEndian: address.sin_port))
}
