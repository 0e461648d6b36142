@testable import Storage
import Testing

@Suite struct UserTests {
    @Test(arguments: StoreKind.all) func signInCreatesAUserWithDefaults(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let user = try await store.upsertUserFromSignIn(
                id: "sub-1", email: "a@example.com", name: "Ann", pictureURL: "https://p/1.png", now: 100)
            #expect(user == UserRecord(
                id: "sub-1", email: "a@example.com", name: "Ann", pictureURL: "https://p/1.png",
                createdAt: 100, lastLoginAt: 100, updatedAt: 100))
            #expect(try await store.user(id: "sub-1") == user)
            #expect(try await store.user(id: "sub-2") == nil)
        }
    }

    @Test(arguments: StoreKind.all) func signInAgainRefreshesProfileButKeepsPlanRoleSettingsAndStripeFields(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.makeUser("sub-1", name: "Ann", now: 100)
            #expect(try await store.setPlan(userID: "sub-1", plan: .pro, now: 110))
            #expect(try await store.setRole(userID: "sub-1", role: .admin, now: 111))
            #expect(try await store.setStripeCustomer(userID: "sub-1", customerID: "cus_1", now: 112))
            _ = try await store.updateSettings(userID: "sub-1", patch: UserSettingsPatch(language: "de"), now: 113)

            let again = try await store.upsertUserFromSignIn(
                id: "sub-1", email: "new@example.com", name: nil, pictureURL: "https://p/2.png", now: 200)
            #expect(again.email == "new@example.com")
            #expect(again.name == "Ann") // a missing claim keeps the stored name
            #expect(again.pictureURL == "https://p/2.png")
            #expect(again.plan == .pro && again.role == .admin && again.stripeCustomerID == "cus_1")
            #expect(again.settings.language == "de")
            #expect(again.createdAt == 100 && again.lastLoginAt == 200 && again.updatedAt == 200)
        }
    }

    @Test(arguments: StoreKind.all) func emptyUserIDIsRefused(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            await #expect(throws: StorageError.self) {
                _ = try await store.upsertUserFromSignIn(id: "", email: "x@example.com", name: nil, pictureURL: nil, now: 1)
            }
            let total = try await store.totalUsers()
            #expect(total == 0)
        }
    }

    @Test(arguments: StoreKind.all) func lookupByEmailIgnoresCaseAndPrefersTheLatestSignIn(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.makeUser("old", email: "Same@Example.com", now: 100)
            try await store.makeUser("new", email: "same@example.com", now: 200)
            #expect(try await store.user(byEmail: "SAME@example.COM")?.id == "new")
            #expect(try await store.user(byEmail: "other@example.com") == nil)
        }
    }

    /// Case is folded for ASCII letters only, in both stores, whatever the database's locale.
    @Test(arguments: StoreKind.all) func onlyAsciiCaseIsIgnored(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.makeUser("u1", email: "ÄRGER@Example.com", name: "ÉLODIE")
            #expect(try await store.user(byEmail: "ÄRGER@Example.com")?.id == "u1")
            #expect(try await store.user(byEmail: "Äger@example.com") == nil)
            #expect(try await store.user(byEmail: "Ärger@example.COM")?.id == "u1")
            #expect(try await store.user(byEmail: "ärger@example.com") == nil)
            #expect(try await store.searchUsers(query: "Élodie", limit: 5).map(\.id) == ["u1"])
            #expect(try await store.searchUsers(query: "élodie", limit: 5).isEmpty)
            #expect(try await store.searchUsers(query: "ärger", limit: 5).isEmpty)
        }
    }

    @Test(arguments: StoreKind.all) func lookupByStripeCustomer(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.makeUser("u1")
            #expect(try await store.setStripeCustomer(userID: "u1", customerID: "cus_A", now: 5))
            #expect(try await store.user(byStripeCustomerID: "cus_A")?.id == "u1")
            #expect(try await store.user(byStripeCustomerID: "cus_B") == nil)
        }
    }

    @Test(arguments: StoreKind.all) func aStripeCustomerBelongsToOneUser(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.makeUser("u1")
            try await store.makeUser("u2")
            #expect(try await store.setStripeCustomer(userID: "u1", customerID: "cus_A", now: 5))
            await #expect {
                _ = try await store.setStripeCustomer(userID: "u2", customerID: "cus_A", now: 6)
            } throws: { error in
                guard case .constraintViolation(let operation, _) = error as? StorageError else { return false }
                return operation == "set Stripe customer"
            }
            #expect(try await store.user(id: "u2")?.stripeCustomerID == nil)
            await #expect(throws: StorageError.self) {
                _ = try await store.setStripeCustomer(userID: "u2", customerID: "", now: 6)
            }
        }
    }

    @Test(arguments: StoreKind.all) func settingsPatchIsMergedAndPersisted(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.makeUser("u1")
            let first = try await store.updateSettings(
                userID: "u1", patch: UserSettingsPatch(language: "fr", autoGrammarFix: false), now: 10)
            #expect(first == UserSettings(language: "fr", aiMode: "auto", autoGrammarFix: false, name: nil))
            let second = try await store.updateSettings(userID: "u1", patch: UserSettingsPatch(aiMode: "off", name: "Nick"), now: 11)
            #expect(second == UserSettings(language: "fr", aiMode: "off", autoGrammarFix: false, name: "Nick"))
            let stored = try #require(try await store.user(id: "u1"))
            #expect(stored.settings == second && stored.updatedAt == 11)
            #expect(try await store.updateSettings(userID: "nobody", patch: UserSettingsPatch(language: "x"), now: 1) == nil)
        }
    }

    @Test(arguments: StoreKind.all) func unreadableStoredSettingsFallBackToDefaults(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.makeUser("u1")
            try await store.execute("UPDATE users SET settings = 'not json{' WHERE id = 'u1'")
            #expect(try await store.user(id: "u1")?.settings == .defaults)
            let merged = try await store.updateSettings(userID: "u1", patch: UserSettingsPatch(language: "es"), now: 2)
            #expect(merged?.language == "es" && merged?.aiMode == "auto")
        }
    }

    @Test(arguments: StoreKind.all) func singleFieldWritesReportUnknownUsers(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.makeUser("u1")
            #expect(try await store.setPlan(userID: "u1", plan: .starter, now: 7))
            #expect(try await store.setRole(userID: "u1", role: .admin, now: 8))
            let user = try #require(try await store.user(id: "u1"))
            #expect(user.plan == .starter && user.role == .admin && user.updatedAt == 8)
            #expect(try await !store.setPlan(userID: "ghost", plan: .pro, now: 7))
            #expect(try await !store.setRole(userID: "ghost", role: .admin, now: 7))
            #expect(try await !store.setStripeCustomer(userID: "ghost", customerID: "cus_X", now: 7))
        }
    }

    @Test(arguments: StoreKind.all) func deletingAUserRemovesDevicesUsageAndMonthlyTotals(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.makeUser("u1")
            try await store.makeUser("u2")
            for id in ["u1", "u2"] {
                _ = try await store.registerDevice(userID: id, deviceID: "d", now: 1)
                _ = try await store.recordUsage(
                    UsageEntry(userID: id, seconds: 3, mode: "standard", language: "en", processingTimeMs: 1, success: true),
                    now: Instant.march2024, limitSeconds: nil)
            }
            #expect(try await store.deleteUser(id: "u1"))
            #expect(try await store.user(id: "u1") == nil)
            for table in ["devices", "usage_records", "usage_monthly"] {
                #expect(try await store.rowCount(table, userID: "u1") == 0, "\(table) kept rows")
                #expect(try await store.rowCount(table, userID: "u2") == 1, "\(table) lost another user's rows")
            }
            #expect(try await !store.deleteUser(id: "u1"))
        }
    }

    @Test func unknownStoredPlanOrRoleReadsAsFreeUser() {
        #expect(Plan(storedValue: "gold") == .free)
        #expect(Plan(storedValue: "") == .free)
        #expect(Role(storedValue: "moderator") == .user)
        #expect(Plan(storedValue: "enterprise") == .enterprise)
    }
}
