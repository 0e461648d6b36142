@testable import Storage
import Testing

@Suite struct UsageTests {
    static func entry(_ seconds: Double, success: Bool = true, user: String = "u1", error: String? = nil) -> UsageEntry {
        UsageEntry(userID: user, seconds: seconds, mode: "standard", language: "en", processingTimeMs: 120,
                   success: success, errorMessage: error)
    }

    @Test(arguments: StoreKind.all) func successfulUsageIsChargedToTheMonthAndRecorded(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.makeUser("u1")
            let first = try await store.recordUsage(Self.entry(90), now: Instant.march2024, limitSeconds: nil)
            let second = try await store.recordUsage(Self.entry(35.5), now: Instant.march2024 + 60, limitSeconds: 3_600)
            #expect(first.monthSeconds == 90 && second.monthSeconds == 125.5)
            let record = try #require(second.record)
            #expect(record.userID == "u1" && record.seconds == 35.5 && record.success && record.createdAt == Instant.march2024 + 60)
            #expect(record.mode == "standard" && record.language == "en" && record.processingTimeMs == 120 && record.errorMessage == nil)
            #expect(try await store.monthSeconds(userID: "u1", month: "2024-03") == 125.5)
        }
    }

    @Test(arguments: StoreKind.all) func failedUsageIsRecordedButNotCharged(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.makeUser("u1")
            _ = try await store.recordUsage(Self.entry(10), now: Instant.march2024, limitSeconds: nil)
            let failed = try await store.recordUsage(
                Self.entry(50, success: false, error: "provider timed out"), now: Instant.march2024 + 1, limitSeconds: 10)
            #expect(failed.monthSeconds == 10)
            #expect(failed.record?.success == false && failed.record?.errorMessage == "provider timed out")
            #expect(try await store.monthSeconds(userID: "u1", month: "2024-03") == 10)
            #expect(try await store.usageHistory(userID: "u1", limit: 10).count == 2)
        }
    }

    @Test(arguments: StoreKind.all) func limitRefusesWithoutWritingAnythingAndAllowsReachingItExactly(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.makeUser("u1")
            #expect(try await store.recordUsage(Self.entry(50), now: Instant.march2024, limitSeconds: 60).monthSeconds == 50)
            let refused = try await store.recordUsage(Self.entry(10.5), now: Instant.march2024, limitSeconds: 60)
            #expect(refused == .limitExceeded(monthSeconds: 50, limitSeconds: 60))
            #expect(try await store.usageHistory(userID: "u1", limit: 10).count == 1)
            #expect(try await store.recordUsage(Self.entry(10), now: Instant.march2024, limitSeconds: 60).monthSeconds == 60)
            #expect(try await store.recordUsage(Self.entry(0.001), now: Instant.march2024, limitSeconds: 60)
                == .limitExceeded(monthSeconds: 60, limitSeconds: 60))
            #expect(try await store.monthSeconds(userID: "u1", month: "2024-03") == 60)
        }
    }

    @Test(arguments: StoreKind.all) func aNewMonthStartsAtZeroWithoutAnyReset(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.makeUser("u1")
            _ = try await store.recordUsage(Self.entry(60), now: Instant.april2024 - 1, limitSeconds: 60)
            #expect(try await store.recordUsage(Self.entry(1), now: Instant.april2024 - 1, limitSeconds: 60)
                == .limitExceeded(monthSeconds: 60, limitSeconds: 60))
            let april = try await store.recordUsage(Self.entry(1), now: Instant.april2024, limitSeconds: 60)
            #expect(april.monthSeconds == 1)
            #expect(try await store.monthSeconds(userID: "u1", month: "2024-03") == 60)
            #expect(try await store.monthSeconds(userID: "u1", month: "2024-04") == 1)
            #expect(try await store.monthSeconds(userID: "u1", month: "2024-05") == 0)
        }
    }

    @Test(arguments: StoreKind.all) func historyIsNewestFirstAndLimited(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.makeUser("u1")
            try await store.makeUser("u2")
            for (offset, seconds) in [(0, 1.0), (20, 2.0), (10, 3.0), (20, 4.0)] {
                _ = try await store.recordUsage(Self.entry(seconds), now: Instant.march2024 + offset, limitSeconds: nil)
            }
            _ = try await store.recordUsage(Self.entry(9, user: "u2"), now: Instant.march2024 + 99, limitSeconds: nil)
            // Same second: the later insert comes first.
            #expect(try await store.usageHistory(userID: "u1", limit: 50).map(\.seconds) == [4, 2, 3, 1])
            #expect(try await store.usageHistory(userID: "u1", limit: 2).map(\.seconds) == [4, 2])
            #expect(try await store.usageHistory(userID: "u1", limit: 0).isEmpty)
            #expect(try await store.usageHistory(userID: "nobody", limit: 5).isEmpty)
        }
    }

    @Test(arguments: StoreKind.all) func resetClearsOnlyThatMonth(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.makeUser("u1")
            _ = try await store.recordUsage(Self.entry(30), now: Instant.march2024, limitSeconds: nil)
            _ = try await store.recordUsage(Self.entry(40), now: Instant.april2024, limitSeconds: nil)
            try await store.resetUsage(userID: "u1", month: "2024-03")
            #expect(try await store.monthSeconds(userID: "u1", month: "2024-03") == 0)
            #expect(try await store.monthSeconds(userID: "u1", month: "2024-04") == 40)
            #expect(try await store.usageHistory(userID: "u1", limit: 10).count == 2)
            #expect(try await store.recordUsage(Self.entry(5), now: Instant.march2024, limitSeconds: nil).monthSeconds == 5)
        }
    }

    @Test(arguments: StoreKind.all) func unknownUserIsRefused(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            await #expect(throws: StorageError.userNotFound(operation: "record usage", id: "ghost")) {
                _ = try await store.recordUsage(Self.entry(1, user: "ghost"), now: 1, limitSeconds: nil)
            }
        }
    }

    @Test(arguments: StoreKind.all, [-1.0, .nan, .infinity, -.infinity])
    func badSecondsAreRefused(kind: StoreKind, seconds: Double) async throws {
        try await withStore(kind) { store in
            try await store.makeUser("u1")
            await #expect(throws: StorageError.self) {
                _ = try await store.recordUsage(Self.entry(seconds), now: 1, limitSeconds: nil)
            }
            await #expect(throws: StorageError.self) {
                _ = try await store.recordUsage(Self.entry(1), now: 1, limitSeconds: seconds)
            }
            #expect(try await store.usageHistory(userID: "u1", limit: 10).isEmpty)
        }
    }

    @Test(arguments: StoreKind.all) func badArgumentsAreRefused(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.makeUser("u1")
            var negativeTime = Self.entry(1)
            negativeTime.processingTimeMs = -5
            await #expect(throws: StorageError.self) { _ = try await store.recordUsage(negativeTime, now: 1, limitSeconds: nil) }
            await #expect(throws: StorageError.self) { _ = try await store.usageHistory(userID: "u1", limit: -1) }
            await #expect(throws: StorageError.self) { _ = try await store.monthSeconds(userID: "u1", month: "2024-3") }
            await #expect(throws: StorageError.self) { try await store.resetUsage(userID: "u1", month: "'; DROP TABLE users; --") }
            #expect(try await store.totalUsers() == 1)
        }
    }
}
