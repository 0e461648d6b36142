@testable import Storage
import Testing

@Suite struct ConcurrencyTests {
    static let calls = 200

    static func entry(_ seconds: Double) -> UsageEntry {
        UsageEntry(userID: "u1", seconds: seconds, mode: "standard", language: "en", processingTimeMs: 1, success: true)
    }

    @Test(arguments: StoreKind.all) func concurrentUsageOfOneUserAddsUpExactly(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.makeUser("u1")
            let totals = try await withThrowingTaskGroup(of: Double?.self) { group in
                for _ in 0..<Self.calls {
                    group.addTask { try await store.recordUsage(Self.entry(1.5), now: Instant.march2024, limitSeconds: nil).monthSeconds }
                }
                return try await group.reduce(into: [Double]()) { $0.append($1 ?? -1) }
            }
            let expected = 1.5 * Double(Self.calls)
            #expect(try await store.monthSeconds(userID: "u1", month: "2024-03") == expected)
            // Each call saw a distinct running total: no two transactions interleaved.
            #expect(totals.sorted() == (1...Self.calls).map { 1.5 * Double($0) })
            #expect(try await store.usageHistory(userID: "u1", limit: 1_000).count == Self.calls)
        }
    }

    @Test(arguments: StoreKind.all) func concurrentUsageNeverPassesTheLimit(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.makeUser("u1")
            let limit = 750.0 // room for exactly 75 calls of 10 s
            let results = try await withThrowingTaskGroup(of: UsageRecordingResult.self) { group in
                for _ in 0..<Self.calls {
                    group.addTask { try await store.recordUsage(Self.entry(10), now: Instant.march2024, limitSeconds: limit) }
                }
                return try await group.reduce(into: [UsageRecordingResult]()) { $0.append($1) }
            }
            let recorded = results.compactMap(\.monthSeconds)
            #expect(recorded.count == 75)
            #expect(recorded.allSatisfy { $0 <= limit })
            #expect(results.count - recorded.count == Self.calls - 75)
            #expect(try await store.monthSeconds(userID: "u1", month: "2024-03") == limit)
            #expect(try await store.usageHistory(userID: "u1", limit: 1_000).count == 75)
        }
    }

    @Test(arguments: StoreKind.all) func readsDuringWritesSeeOnlyCommittedTotals(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.makeUser("u1")
            let observed = try await withThrowingTaskGroup(of: Double.self) { group in
                for index in 0..<Self.calls {
                    if index.isMultiple(of: 2) {
                        group.addTask { try await store.recordUsage(Self.entry(2), now: Instant.march2024, limitSeconds: nil).monthSeconds ?? -1 }
                    } else {
                        group.addTask { try await store.monthSeconds(userID: "u1", month: "2024-03") }
                    }
                }
                return try await group.reduce(into: [Double]()) { $0.append($1) }
            }
            // Every value read is a whole number of 2 s charges within the range written.
            #expect(observed.allSatisfy { $0 >= 0 && $0 <= 200 && $0.truncatingRemainder(dividingBy: 2) == 0 })
            #expect(try await store.monthSeconds(userID: "u1", month: "2024-03") == 200)
        }
    }

    /// Usage recorded while its user is being deleted either lands before the deletion (and goes
    /// with it) or is refused as for an unknown user: never a deadlock or a foreign-key error.
    @Test(arguments: StoreKind.all) func usageRacingTheDeletionOfItsUserEndsCleanly(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let users = (0..<20).map { "racer-\($0)" }
            for user in users { try await store.makeUser(user) }
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for user in users {
                    for _ in 0..<5 {
                        group.addTask {
                            let entry = UsageEntry(userID: user, seconds: 1, mode: "standard", language: "en", processingTimeMs: 1, success: true)
                            do {
                                _ = try await store.recordUsage(entry, now: Instant.march2024, limitSeconds: 100)
                                return "recorded"
                            } catch StorageError.userNotFound {
                                return "no user"
                            }
                        }
                    }
                    group.addTask { try await store.deleteUser(id: user) ? "deleted" : "not deleted" }
                }
                return try await group.reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }
            }
            #expect(outcomes["deleted"] == users.count)
            #expect(outcomes["recorded", default: 0] + outcomes["no user", default: 0] == users.count * 5)
            for user in users {
                #expect(try await store.rowCount("usage_records", userID: user) == 0)
                #expect(try await store.rowCount("usage_monthly", userID: user) == 0)
            }
        }
    }
}
