@testable import Storage
import Testing

@Suite struct BillingTests {
    static func change(_ plan: Plan, status: String?, at created: Int, user: String = "u1") -> SubscriptionChange {
        SubscriptionChange(userID: user, plan: plan, status: status, subscriptionID: "sub_\(created)",
                           periodEnd: created + 30 * 86_400, eventCreatedAt: created)
    }

    @Test(arguments: StoreKind.all) func subscriptionIsApplied(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.makeUser("u1")
            #expect(try await store.applySubscription(Self.change(.pro, status: "active", at: 1_000), now: 1_005) == .applied)
            let user = try #require(try await store.user(id: "u1"))
            #expect(user.plan == .pro && user.subscriptionStatus == "active" && user.stripeSubscriptionID == "sub_1000")
            #expect(user.subscriptionPeriodEnd == 1_000 + 30 * 86_400 && user.subscriptionEventAt == 1_000 && user.updatedAt == 1_005)
        }
    }

    @Test(arguments: StoreKind.all) func staleEventsAreIgnoredAndEqualTimesApplied(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.makeUser("u1")
            #expect(try await store.applySubscription(Self.change(.pro, status: "active", at: 2_000), now: 1) == .applied)
            // An older "created" event arriving late must not undo the newer state.
            #expect(try await store.applySubscription(Self.change(.starter, status: "incomplete", at: 1_999), now: 2) == .stale)
            var user = try #require(try await store.user(id: "u1"))
            #expect(user.plan == .pro && user.subscriptionStatus == "active" && user.subscriptionEventAt == 2_000)
            // Two events of the same second (e.g. updated then deleted) both apply, in arrival order.
            #expect(try await store.applySubscription(Self.change(.free, status: "canceled", at: 2_000), now: 3) == .applied)
            user = try #require(try await store.user(id: "u1"))
            #expect(user.plan == .free && user.subscriptionStatus == "canceled")
        }
    }

    @Test(arguments: StoreKind.all) func subscriptionOfAnUnknownUserIsReported(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            #expect(try await store.applySubscription(Self.change(.pro, status: "active", at: 1, user: "ghost"), now: 1) == .unknownUser)
            #expect(try await store.totalUsers() == 0)
        }
    }

    @Test(arguments: StoreKind.all) func eventReplayIsDetected(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            #expect(try await store.markStripeEventProcessed(id: "evt_1", type: "invoice.paid", now: 1))
            #expect(try await !store.markStripeEventProcessed(id: "evt_1", type: "invoice.paid", now: 2))
            #expect(try await !store.markStripeEventProcessed(id: "evt_1", type: "other.type", now: 3))
            #expect(try await store.markStripeEventProcessed(id: "evt_2", type: "invoice.paid", now: 4))
            await #expect(throws: StorageError.self) { _ = try await store.markStripeEventProcessed(id: "", type: "x", now: 5) }
        }
    }

    @Test(arguments: StoreKind.all) func concurrentReplaysRecordAnEventOnce(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let firsts = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<50 {
                    group.addTask { try await store.markStripeEventProcessed(id: "evt_same", type: "invoice.paid", now: 1) }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(firsts == 1)
        }
    }
}
