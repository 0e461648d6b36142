import Foundation
@testable import Storage
import Testing

@Suite struct AdminTests {
    /// Five users created one second apart: u0 (oldest) ... u4 (newest).
    static func seed(_ store: any TestStore) async throws {
        for index in 0..<5 {
            try await store.makeUser("u\(index)", name: "User \(index)", now: 1_000 + index)
        }
        _ = try await store.setPlan(userID: "u1", plan: .pro, now: 2_000)
        _ = try await store.setPlan(userID: "u3", plan: .pro, now: 2_000)
        _ = try await store.setPlan(userID: "u4", plan: .enterprise, now: 2_000)
    }

    @Test(arguments: StoreKind.all) func listIsNewestFirstWithOffsetLimitAndPlanFilter(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await Self.seed(store)
            #expect(try await store.listUsers(offset: 0, limit: 10, plan: nil).map(\.id) == ["u4", "u3", "u2", "u1", "u0"])
            #expect(try await store.listUsers(offset: 1, limit: 2, plan: nil).map(\.id) == ["u3", "u2"])
            #expect(try await store.listUsers(offset: 10, limit: 2, plan: nil).isEmpty)
            #expect(try await store.listUsers(offset: 0, limit: 10, plan: .pro).map(\.id) == ["u3", "u1"])
            #expect(try await store.listUsers(offset: 0, limit: 10, plan: .unlimited).isEmpty)
            await #expect(throws: StorageError.self) { _ = try await store.listUsers(offset: -1, limit: 1, plan: nil) }
            await #expect(throws: StorageError.self) { _ = try await store.listUsers(offset: 0, limit: -1, plan: nil) }
        }
    }

    @Test(arguments: StoreKind.all) func countsCoverEveryPlan(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            #expect(try await store.countUsersByPlan() == [.free: 0, .starter: 0, .pro: 0, .unlimited: 0, .enterprise: 0])
            try await Self.seed(store)
            #expect(try await store.countUsersByPlan() == [.free: 2, .starter: 0, .pro: 2, .unlimited: 0, .enterprise: 1])
            #expect(try await store.totalUsers() == 5)
        }
    }

    @Test(arguments: StoreKind.all) func bulkPlanChangeCountsExistingUsersOnce(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await Self.seed(store)
            let changed = try await store.bulkSetPlan(userIDs: ["u0", "u2", "u2", "ghost"], plan: .starter, now: 3_000)
            #expect(changed == 2)
            #expect(try await store.user(id: "u0")?.plan == .starter)
            #expect(try await store.user(id: "u2")?.updatedAt == 3_000)
            #expect(try await store.user(id: "u4")?.plan == .enterprise)
            #expect(try await store.bulkSetPlan(userIDs: [], plan: .pro, now: 1) == 0)
        }
    }

    @Test(arguments: StoreKind.all) func statisticsCountRealRows(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await Self.seed(store)
            _ = try await store.upsertUserFromSignIn(id: "u0", email: "u0@example.com", name: nil, pictureURL: nil, now: 5_000)
            let entry = UsageEntry(userID: "u1", seconds: 1, mode: "standard", language: "en", processingTimeMs: 1, success: true)
            _ = try await store.recordUsage(entry, now: Instant.march2024, limitSeconds: nil)
            var failed = entry
            failed.success = false
            _ = try await store.recordUsage(failed, now: Instant.march2024, limitSeconds: nil)
            let stats = try await store.adminStatistics(activeSince: 4_000, signedUpSince: 1_003)
            #expect(stats == AdminStatistics(
                totalUsers: 5, usersByPlan: [.free: 2, .starter: 0, .pro: 2, .unlimited: 0, .enterprise: 1],
                activeUsers: 1, recentSignups: 2, usageRecords: 2, successfulUsageRecords: 1))
        }
    }

    @Test(arguments: StoreKind.all) func searchMatchesEmailOrNameIgnoringAsciiCase(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.makeUser("a", email: "alice@example.com", name: "Alice Liddell", now: 1)
            try await store.makeUser("b", email: "bob@work.org", name: "Robert", now: 2)
            try await store.makeUser("c", email: "carol@example.com", name: nil, now: 3)
            #expect(try await store.searchUsers(query: "EXAMPLE", limit: 50).map(\.id) == ["c", "a"])
            #expect(try await store.searchUsers(query: "robert", limit: 50).map(\.id) == ["b"])
            #expect(try await store.searchUsers(query: "example", limit: 1).map(\.id) == ["c"])
            #expect(try await store.searchUsers(query: "zzz", limit: 50).isEmpty)
        }
    }

    @Test(arguments: StoreKind.all) func searchWildcardsMatchThemselvesOnly(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.makeUser("pct", email: "100%off@example.com", now: 1)
            try await store.makeUser("num", email: "1000ff@example.com", now: 2)
            try await store.makeUser("und", email: "a_b@example.com", now: 3)
            try await store.makeUser("axb", email: "axb@example.com", now: 4)
            try await store.makeUser("bsl", email: "back\\slash@example.com", now: 5)
            #expect(try await store.searchUsers(query: "100%", limit: 50).map(\.id) == ["pct"])
            #expect(try await store.searchUsers(query: "%", limit: 50).map(\.id) == ["pct"])
            #expect(try await store.searchUsers(query: "a_b", limit: 50).map(\.id) == ["und"])
            #expect(try await store.searchUsers(query: "_", limit: 50).map(\.id) == ["und"])
            #expect(try await store.searchUsers(query: "k\\s", limit: 50).map(\.id) == ["bsl"])
            #expect(try await store.searchUsers(query: "\\", limit: 50).map(\.id) == ["bsl"])
        }
    }

    @Test func statisticsEncodeAsAJSONObjectKeyedByPlan() throws {
        let stats = AdminStatistics(
            totalUsers: 3, usersByPlan: [.free: 1, .pro: 2], activeUsers: 1, recentSignups: 0,
            usageRecords: 0, successfulUsageRecords: 0)
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(stats)) as? [String: Any])
        #expect(json["usersByPlan"] as? [String: Int] == ["free": 1, "pro": 2])
        #expect(json["totalUsers"] as? Int == 3)
    }
}
