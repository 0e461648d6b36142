import Basics
import Synchronization
@testable import Storage
import Testing

@Suite struct CachedStoreTests {
    /// A cached store over a fresh SQLite store; `base` is used to change rows behind the cache's back.
    static func withCachedStore(
        ttl: Duration = .seconds(300), capacity: Int = 100,
        _ body: (CachedStore, SQLiteStore, ManualClock) async throws -> Void
    ) async throws {
        try await withStore { base, _ in
            let clock = ManualClock()
            let cached = CachedStore(base, ttl: ttl, capacity: capacity, now: { clock.now() })
            try await body(cached, base, clock)
        }
    }

    @Test func readsAreServedFromTheCacheUntilTheTTL() async throws {
        try await Self.withCachedStore { cached, base, clock in
            _ = try await cached.upsertUserFromSignIn(id: "u1", email: "a@example.com", name: nil, pictureURL: nil, now: 1)
            #expect(try await cached.user(id: "u1")?.plan == .free)
            _ = try await base.setPlan(userID: "u1", plan: .pro, now: 2) // behind the cache's back
            #expect(try await cached.user(id: "u1")?.plan == .free) // still the cached row
            clock.advance(by: .seconds(299))
            #expect(try await cached.user(id: "u1")?.plan == .free)
            clock.advance(by: .seconds(1))
            #expect(try await cached.user(id: "u1")?.plan == .pro) // expired, read again
        }
    }

    @Test func everyWriteToAUserRowDropsItsEntry() async throws {
        let writes: [(String, @Sendable (CachedStore) async throws -> Void)] = [
            ("sign-in", { _ = try await $0.upsertUserFromSignIn(id: "u1", email: "new@example.com", name: nil, pictureURL: nil, now: 9) }),
            ("settings", { _ = try await $0.updateSettings(userID: "u1", patch: UserSettingsPatch(language: "de"), now: 9) }),
            ("plan", { _ = try await $0.setPlan(userID: "u1", plan: .starter, now: 9) }),
            ("role", { _ = try await $0.setRole(userID: "u1", role: .admin, now: 9) }),
            ("customer", { _ = try await $0.setStripeCustomer(userID: "u1", customerID: "cus_9", now: 9) }),
            ("subscription", {
                _ = try await $0.applySubscription(SubscriptionChange(
                    userID: "u1", plan: .unlimited, status: "active", subscriptionID: "sub", periodEnd: 1, eventCreatedAt: 9), now: 9)
            }),
            ("subscription event", {
                _ = try await $0.applySubscription(SubscriptionChange(
                    userID: "u1", plan: .pro, status: "active", subscriptionID: "sub", periodEnd: 1, eventCreatedAt: 9),
                    recordingEvent: "evt_9", type: "customer.subscription.updated", now: 9)
            }),
            ("bulk plan", { _ = try await $0.bulkSetPlan(userIDs: ["u1", "u2"], plan: .enterprise, now: 9) }),
        ]
        for (name, write) in writes {
            try await Self.withCachedStore { cached, base, _ in
                _ = try await base.makeUser("u1", now: 1)
                let before = try #require(try await cached.user(id: "u1"))
                try await write(cached)
                let after = try #require(try await cached.user(id: "u1"))
                #expect(after != before, "\(name) left a stale cached row")
                #expect(after == (try await base.user(id: "u1")), "\(name)")
            }
        }
    }

    @Test func deleteDropsTheEntry() async throws {
        try await Self.withCachedStore { cached, base, _ in
            _ = try await base.makeUser("u1")
            #expect(try await cached.user(id: "u1") != nil)
            #expect(try await cached.deleteUser(id: "u1"))
            #expect(try await cached.user(id: "u1") == nil)
        }
    }

    @Test func failedWriteStillDropsTheEntry() async throws {
        try await Self.withCachedStore { cached, base, _ in
            _ = try await base.makeUser("u1")
            _ = try await base.makeUser("u2")
            _ = try await base.setStripeCustomer(userID: "u2", customerID: "cus_taken", now: 1)
            #expect(try await cached.user(id: "u1") != nil)
            _ = try await base.setPlan(userID: "u1", plan: .pro, now: 2) // behind the cache's back
            await #expect(throws: StorageError.self) {
                _ = try await cached.setStripeCustomer(userID: "u1", customerID: "cus_taken", now: 3)
            }
            #expect(try await cached.user(id: "u1")?.plan == .pro)
        }
    }

    @Test func usageWritesKeepTheUnchangedRowCached() async throws {
        try await Self.withCachedStore { cached, base, _ in
            _ = try await base.makeUser("u1")
            _ = try await cached.user(id: "u1")
            let entry = UsageEntry(userID: "u1", seconds: 1, mode: "standard", language: "en", processingTimeMs: 1, success: true)
            _ = try await cached.recordUsage(entry, now: Instant.march2024, limitSeconds: nil)
            _ = try await cached.registerDevice(userID: "u1", deviceID: "d", now: 1)
            #expect(cached.cachedUserCount == 1)
            #expect(try await cached.monthSeconds(userID: "u1", month: "2024-03") == 1)
        }
    }

    @Test func cacheIsBounded() async throws {
        try await Self.withCachedStore(capacity: 3) { cached, base, _ in
            for index in 0..<10 {
                _ = try await base.makeUser("u\(index)")
                _ = try await cached.user(id: "u\(index)")
                #expect(cached.cachedUserCount <= 3)
            }
            #expect(cached.cachedUserCount == 3)
            _ = try await base.setPlan(userID: "u0", plan: .pro, now: 5) // u0 was evicted first
            _ = try await base.setPlan(userID: "u9", plan: .pro, now: 5) // u9 is still cached
            #expect(try await cached.user(id: "u0")?.plan == .pro)
            #expect(try await cached.user(id: "u9")?.plan == .free)
        }
    }

    @Test func zeroTTLDisablesCaching() async throws {
        try await Self.withCachedStore(ttl: .zero) { cached, base, _ in
            _ = try await base.makeUser("u1")
            _ = try await cached.user(id: "u1")
            _ = try await base.setPlan(userID: "u1", plan: .pro, now: 2)
            #expect(try await cached.user(id: "u1")?.plan == .pro)
            #expect(cached.cachedUserCount == 0)
        }
    }

    @Test func missingUsersAreNotCached() async throws {
        try await Self.withCachedStore { cached, base, _ in
            #expect(try await cached.user(id: "u1") == nil)
            _ = try await base.makeUser("u1")
            #expect(try await cached.user(id: "u1") != nil)
        }
    }

    @Test func fillThatRacedWithAWriteIsDropped() {
        let clock = ManualClock()
        var cache = UserCache(ttl: .seconds(60), capacity: 10)
        let stale = UserRecord(id: "u1", email: "old@example.com", createdAt: 0, lastLoginAt: 0, updatedAt: 0)
        let generation = cache.generation // a read starts...
        cache.invalidate("u1") // ...a write finishes meanwhile...
        cache.insert(stale, now: clock.now(), ifGeneration: generation) // ...and the old row arrives
        #expect(cache.user("u1", now: clock.now()) == nil)
        cache.insert(stale, now: clock.now(), ifGeneration: cache.generation)
        #expect(cache.user("u1", now: clock.now()) == stale)
    }

    @Test func insertionOrderStaysCompactUnderChurn() {
        let clock = ManualClock()
        var cache = UserCache(ttl: .seconds(60), capacity: 4)
        for round in 0..<10_000 {
            let user = UserRecord(id: "u\(round % 6)", email: "e", createdAt: round, lastLoginAt: 0, updatedAt: 0)
            cache.insert(user, now: clock.now(), ifGeneration: cache.generation)
            if round.isMultiple(of: 3) { cache.invalidate("u\(round % 5)") }
            #expect(cache.count <= 4)
        }
        #expect(cache.orderBacklog <= 2 * 16 + 1)
    }
}

/// What `CachedStore` announces on the bus, and what it drops when the bus tells it (another instance wrote).
@Suite struct CachedStoreAnnouncementTests {
    final class Heard: Sendable {
        let events = Mutex<[Invalidation]>([])
        func take() -> [Invalidation] { events.withLock { events in defer { events.removeAll() }; return events } }
    }

    static func withAnnouncingStore(_ body: (CachedStore, SQLiteStore, LocalInvalidationBus, Heard) async throws -> Void) async throws {
        try await withStore { base, _ in
            let bus = LocalInvalidationBus()
            let heard = Heard()
            bus.subscribe { event in heard.events.withLock { $0.append(event) } }
            try await body(CachedStore(base, ttl: .seconds(300), bus: bus), base, bus, heard)
        }
    }

    @Test func everyWriteThatChangesACachedThingIsAnnounced() async throws {
        try await Self.withAnnouncingStore { cached, _, _, heard in
            _ = try await cached.upsertUserFromSignIn(id: "u1", email: "a@example.com", name: nil, pictureURL: nil, now: 1)
            #expect(heard.take() == [.user("u1")])
            _ = try await cached.setPlan(userID: "u1", plan: .pro, now: 2)
            #expect(heard.take() == [.user("u1")])
            _ = try await cached.recordUsage(UsageEntry(userID: "u1", seconds: 5, mode: "standard", language: "en",
                                                        processingTimeMs: 0, success: true), now: 3, limitSeconds: nil)
            #expect(heard.take() == [.usage("u1")])
            try await cached.resetUsage(userID: "u1", month: "1970-01")
            #expect(heard.take() == [.usage("u1")])
            try await cached.revoke(tokenHash: String(repeating: "ab", count: 32), expiresAt: 99)
            #expect(heard.take() == [.token(String(repeating: "ab", count: 32))])
            try await cached.addTombstone(userID: "u1", deletedAt: 5)
            #expect(heard.take() == [.deletedUser("u1")])
            _ = try await cached.bulkSetPlan(userIDs: ["u1", "u2"], plan: .free, now: 6)
            #expect(heard.take() == [.user("u1"), .user("u2")])
            // Reads and device registrations announce nothing.
            _ = try await cached.user(id: "u1")
            _ = try await cached.monthSeconds(userID: "u1", month: "1970-01")
            _ = try await cached.registerDevice(userID: "u1", deviceID: "device-1", now: 7)
            #expect(heard.take().isEmpty)
        }
    }

    @Test func aFailedWriteIsAnnouncedAllTheSame() async throws {
        try await Self.withAnnouncingStore { cached, base, _, heard in
            try await base.close()
            await #expect(throws: (any Error).self) { _ = try await cached.setPlan(userID: "u9", plan: .pro, now: 1) }
            #expect(heard.take() == [.user("u9")])
        }
    }

    @Test func eventsFromTheBusDropTheRowsTheyName() async throws {
        try await Self.withAnnouncingStore { cached, base, bus, _ in
            for id in ["u1", "u2", "u3"] {
                _ = try await cached.upsertUserFromSignIn(id: id, email: "\(id)@example.com", name: nil, pictureURL: nil, now: 1)
                #expect(try await cached.user(id: id)?.plan == .free)
                _ = try await base.setPlan(userID: id, plan: .pro, now: 2)  // another instance's write
                #expect(try await cached.user(id: id)?.plan == .free)
            }
            bus.deliver(.usage("u1"))
            bus.deliver(.token("u1"))
            #expect(try await cached.user(id: "u1")?.plan == .free)  // these do not concern rows
            bus.deliver(.user("u1"))
            #expect(try await cached.user(id: "u1")?.plan == .pro)
            bus.deliver(.deletedUser("u2"))
            #expect(try await cached.user(id: "u2")?.plan == .pro)
            #expect(try await cached.user(id: "u3")?.plan == .free)
            bus.deliver(.everything)
            #expect(try await cached.user(id: "u3")?.plan == .pro)
        }
    }
}
