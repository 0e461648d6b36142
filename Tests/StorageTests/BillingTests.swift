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

    @Test(arguments: StoreKind.all) func eventAndItsChangeAreRecordedInOneStep(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.makeUser("u1")
            let first = try await store.applySubscription(
                Self.change(.pro, status: "active", at: 1_000), recordingEvent: "evt_1", type: "customer.subscription.updated", now: 5)
            #expect(first == .processed(.applied))
            // A replay applies nothing, even when it carries another state.
            let replay = try await store.applySubscription(
                Self.change(.free, status: "canceled", at: 3_000), recordingEvent: "evt_1", type: "customer.subscription.updated", now: 6)
            #expect(replay == .duplicate)
            #expect(try await store.user(id: "u1")?.plan == .pro)
            #expect(try await !store.markStripeEventProcessed(id: "evt_1", type: "x", now: 7))
            let older = try await store.applySubscription(
                Self.change(.starter, status: "active", at: 999), recordingEvent: "evt_0", type: "customer.subscription.updated", now: 8)
            #expect(older == .processed(.stale))
            let ghost = try await store.applySubscription(
                Self.change(.pro, status: "active", at: 1, user: "ghost"), recordingEvent: "evt_g", type: "customer.subscription.created", now: 9)
            #expect(ghost == .processed(.unknownUser))
            #expect(try await !store.markStripeEventProcessed(id: "evt_g", type: "x", now: 10))
            await #expect(throws: StorageError.self) {
                _ = try await store.applySubscription(Self.change(.pro, status: nil, at: 1), recordingEvent: "", type: "x", now: 1)
            }
        }
    }

    @Test(arguments: StoreKind.all) func anEventWhoseChangeFailsIsNotRecorded(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.makeUser("u1")
            switch kind {
            case .sqlite:
                try await store.execute("""
                    CREATE TRIGGER refuse_enterprise BEFORE UPDATE OF plan ON users WHEN NEW.plan = 'enterprise'
                    BEGIN SELECT RAISE(ABORT, 'refused by the test'); END
                    """)
            case .postgres:
                try await store.execute("""
                    CREATE FUNCTION refuse_enterprise() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        IF NEW.plan = 'enterprise' THEN RAISE EXCEPTION 'refused by the test'; END IF;
                        RETURN NEW;
                    END $$
                    """)
                try await store.execute(
                    "CREATE TRIGGER refuse_enterprise BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION refuse_enterprise()")
            }
            let change = Self.change(.enterprise, status: "active", at: 1_000)
            await #expect(throws: StorageError.self) {
                _ = try await store.applySubscription(change, recordingEvent: "evt_1", type: "customer.subscription.updated", now: 5)
            }
            #expect(try await store.user(id: "u1")?.plan == .free)
            // Stripe's retry, once the fault is gone, applies it.
            try await store.execute(kind == .sqlite ? "DROP TRIGGER refuse_enterprise" : "DROP TRIGGER refuse_enterprise ON users")
            #expect(try await store.applySubscription(change, recordingEvent: "evt_1", type: "customer.subscription.updated", now: 6)
                == .processed(.applied))
            #expect(try await store.user(id: "u1")?.plan == .enterprise)
        }
    }

    @Test(arguments: StoreKind.all) func concurrentDeliveriesOfOneEventApplyItOnce(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.makeUser("u1")
            let results = try await withThrowingTaskGroup(of: StripeEventApplyResult.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        try await store.applySubscription(
                            Self.change(.pro, status: "active", at: 1_000 + index), recordingEvent: "evt_same",
                            type: "customer.subscription.updated", now: index)
                    }
                }
                return try await group.reduce(into: [StripeEventApplyResult]()) { $0.append($1) }
            }
            #expect(results.filter { $0 == .processed(.applied) }.count == 1)
            #expect(results.filter { $0 == .duplicate }.count == 39)
        }
    }
}
