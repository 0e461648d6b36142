@testable import Storage
import Testing

@Suite struct HostileInputTests {
    static let hostile: [String] = [
        "O'Brien \"quoted\" `tick`",
        "'; DROP TABLE users; --",
        "Robert'); DELETE FROM usage_records WHERE ('1'='1",
        "ünïcødé Ελληνικά 日本語 עברית العربية",
        "emoji 👩‍👩‍👧‍👦🏳️‍🌈 and combining e\u{301}",
        "\u{202E}right-to-left override",
        "tab\tnew\nline\r\u{1}\u{7F}",
        "%_\\ wildcards",
        String(repeating: "𝄞", count: 5),
    ]

    @Test(arguments: StoreKind.all, hostile)
    func hostileTextRoundTripsInEveryTextField(kind: StoreKind, text: String) async throws {
        try await withStore(kind) { store in
            let created = try await store.upsertUserFromSignIn(id: text, email: text, name: text, pictureURL: text, now: 1)
            #expect(created.id == text && created.email == text && created.name == text && created.pictureURL == text)
            let read = try #require(try await store.user(id: text))
            #expect(read == created)
            #expect(try await store.user(byEmail: text)?.id == text)
            #expect(try await store.searchUsers(query: text, limit: 5).map(\.id) == [text])
            let settings = try await store.updateSettings(
                userID: text, patch: UserSettingsPatch(language: text, aiMode: text, name: text), now: 2)
            #expect(settings == UserSettings(language: text, aiMode: text, autoGrammarFix: true, name: text))
            #expect(try await store.user(id: text)?.settings == settings)
            _ = try await store.registerDevice(userID: text, deviceID: text, now: 3)
            #expect(try await store.devices(userID: text).map(\.deviceID) == [text])
            let entry = UsageEntry(userID: text, seconds: 1, mode: text, language: text, processingTimeMs: 0, success: false, errorMessage: text)
            _ = try await store.recordUsage(entry, now: 4, limitSeconds: nil)
            let record = try #require(try await store.usageHistory(userID: text, limit: 1).first)
            #expect(record.mode == text && record.language == text && record.errorMessage == text)
            #expect(try await store.setStripeCustomer(userID: text, customerID: text, now: 5))
            #expect(try await store.user(byStripeCustomerID: text)?.id == text)
            #expect(try await store.markStripeEventProcessed(id: text, type: text, now: 6))
            #expect(try await store.tableNames().isSuperset(of: ["users", "usage_records"]))
            #expect(try await store.totalUsers() == 1)
        }
    }

    /// SQLite stores text with its length, so NUL round-trips; PostgreSQL `text` cannot hold NUL,
    /// so the PostgreSQL store refuses it clearly instead of cutting the text short.
    @Test(arguments: StoreKind.all) func nulCharactersRoundTripInSQLiteAndAreRefusedByPostgreSQL(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let text = "before\u{0}after"
            switch kind {
            case .sqlite:
                let created = try await store.upsertUserFromSignIn(id: text, email: text, name: text, pictureURL: nil, now: 1)
                #expect(created.id == text && created.email == text && created.name == text)
                #expect(try await store.user(id: text)?.name == text)
            case .postgres:
                await #expect {
                    _ = try await store.upsertUserFromSignIn(id: "u1", email: "a@example.com", name: text, pictureURL: nil, now: 1)
                } throws: { error in
                    guard case let .invalidArgument(operation, reason) = error as? StorageError else { return false }
                    return operation == "upsert user from sign-in" && reason.contains("NUL")
                }
                #expect(try await store.totalUsers() == 0)
                await #expect {
                    _ = try await store.user(id: text)
                } throws: { error in
                    guard case .invalidArgument = error as? StorageError else { return false }
                    return true
                }
                // Settings are JSON text, where NUL is written as an escape: it round-trips.
                try await store.makeUser("u1")
                let settings = try await store.updateSettings(userID: "u1", patch: UserSettingsPatch(name: text), now: 2)
                #expect(settings?.name == text)
                #expect(try await store.user(id: "u1")?.settings.name == text)
            }
        }
    }

    @Test(arguments: StoreKind.all) func megabyteStringsRoundTrip(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let big = String(repeating: "ab'\"é🙂", count: 1_048_576 / 10)
            #expect(big.utf8.count > 1_000_000)
            _ = try await store.upsertUserFromSignIn(id: "u1", email: big, name: big, pictureURL: big, now: 1)
            _ = try await store.updateSettings(userID: "u1", patch: UserSettingsPatch(language: big, name: big), now: 2)
            let entry = UsageEntry(userID: "u1", seconds: 1, mode: big, language: "en", processingTimeMs: 1, success: false, errorMessage: big)
            _ = try await store.recordUsage(entry, now: 3, limitSeconds: nil)
            let user = try #require(try await store.user(id: "u1"))
            #expect(user.email == big && user.name == big && user.pictureURL == big)
            #expect(user.settings.language == big && user.settings.name == big)
            let record = try #require(try await store.usageHistory(userID: "u1", limit: 1).first)
            #expect(record.mode == big && record.errorMessage == big)
        }
    }

    @Test(arguments: StoreKind.all) func oversizedSearchIsRefusedClearly(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.makeUser("u1")
            let huge = String(repeating: "x", count: 1_048_576)
            await #expect {
                _ = try await store.searchUsers(query: huge, limit: 10)
            } throws: { error in
                guard case .invalidArgument(let operation, _) = error as? StorageError else { return false }
                return operation == "search users"
            }
            let atLimit = String(repeating: "%", count: Validate.maximumSearchBytes)
            #expect(try await store.searchUsers(query: atLimit, limit: 10).isEmpty)
        }
    }

    @Test(arguments: StoreKind.all) func extremeNumbersRoundTrip(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.makeUser("u1", now: Int.max)
            #expect(try await store.user(id: "u1")?.createdAt == Int.max)
            let change = SubscriptionChange(userID: "u1", plan: .pro, status: nil, subscriptionID: nil, periodEnd: Int.min, eventCreatedAt: Int.min)
            #expect(try await store.applySubscription(change, now: 0) == .applied)
            let user = try #require(try await store.user(id: "u1"))
            #expect(user.subscriptionPeriodEnd == Int.min && user.subscriptionEventAt == Int.min && user.subscriptionStatus == nil)
            let tiny = UsageEntry(userID: "u1", seconds: .leastNonzeroMagnitude, mode: "m", language: "l", processingTimeMs: Int.max, success: true)
            let result = try await store.recordUsage(tiny, now: 0, limitSeconds: .greatestFiniteMagnitude)
            #expect(result.monthSeconds == .leastNonzeroMagnitude && result.record?.processingTimeMs == Int.max)
        }
    }
}
