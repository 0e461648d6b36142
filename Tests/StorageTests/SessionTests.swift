@testable import Storage
import Testing

/// Revocations, tombstones and API keys: the same contract on SQLite and PostgreSQL, through the user-row cache too.
@Suite struct SessionTests {
    @Test(arguments: StoreKind.all) func aRevocationHoldsUntilItsExpiryAndKeepsTheLaterOne(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let far = 4_000_000_000
            #expect(try await store.isRevoked(tokenHash: "h1", now: 100) == false)
            try await store.revoke(tokenHash: "h1", expiresAt: far)
            #expect(try await store.isRevoked(tokenHash: "h1", now: 100))
            #expect(try await store.isRevoked(tokenHash: "h1", now: far) == false)  // expired: no longer counts
            try await store.revoke(tokenHash: "h1", expiresAt: far - 10)  // an earlier expiry does not shorten it
            #expect(try await store.isRevoked(tokenHash: "h1", now: far - 5))
            #expect(try await store.isRevoked(tokenHash: "other", now: 100) == false)
            await #expect(throws: StorageError.self) { try await store.revoke(tokenHash: "", expiresAt: far) }
        }
    }

    @Test(arguments: StoreKind.all) func expiredRevocationsAreSweptByTheNextOne(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.revoke(tokenHash: "old", expiresAt: 10)  // long expired
            try await store.revoke(tokenHash: "new", expiresAt: 4_000_000_000)
            // Even at a `now` before its expiry, the swept row is gone.
            #expect(try await store.isRevoked(tokenHash: "old", now: 1) == false)
            #expect(try await store.isRevoked(tokenHash: "new", now: 1))
        }
    }

    @Test(arguments: StoreKind.all) func aTombstoneOutlivesTheUserAndKeepsTheFirstTime(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.makeUser("u1")
            #expect(try await store.isDeleted(userID: "u1") == false)
            try await store.addTombstone(userID: "u1", deletedAt: 500)
            #expect(try await store.deleteUser(id: "u1"))
            try await store.addTombstone(userID: "u1", deletedAt: 900)  // idempotent
            #expect(try await store.isDeleted(userID: "u1"))
            #expect(try await store.isDeleted(userID: "u2") == false)
            await #expect(throws: StorageError.self) { try await store.addTombstone(userID: "", deletedAt: 1) }
        }
    }

    @Test(arguments: StoreKind.all) func apiKeysAreFoundByPrefixListedNewestFirstAndDeletedPerUser(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let a = APIKeyRecord(id: "key_a", userID: "u1", name: "laptop", prefix: "elq_aaaaaaaaaaaa", secretHash: "ha", createdAt: 10)
            let b = APIKeyRecord(id: "key_b", userID: "u1", name: "ci's \"key\"", prefix: "elq_bbbbbbbbbbbb", secretHash: "hb", createdAt: 20)
            let c = APIKeyRecord(id: "key_c", userID: "u2", name: "other", prefix: "elq_cccccccccccc", secretHash: "hc", createdAt: 30)
            for record in [a, b, c] { try await store.insertAPIKey(record) }
            #expect(try await store.apiKeys(userID: "u1") == [b, a])
            #expect(try await store.apiKey(prefix: "elq_bbbbbbbbbbbb") == b)
            #expect(try await store.apiKey(prefix: "elq_zzzzzzzzzzzz") == nil)
            // A prefix is unique: a second key with it is refused and the first is untouched.
            let clash = APIKeyRecord(id: "key_d", userID: "u2", name: "x", prefix: a.prefix, secretHash: "hd", createdAt: 40)
            await #expect(throws: APIKeyStoreError.duplicatePrefix) { try await store.insertAPIKey(clash) }
            #expect(try await store.apiKey(prefix: a.prefix) == a)
            // Only the owner deletes a key.
            #expect(try await store.deleteAPIKey(id: "key_a", userID: "u2") == false)
            #expect(try await store.deleteAPIKey(id: "key_a", userID: "u1"))
            #expect(try await store.deleteAPIKey(id: "key_a", userID: "u1") == false)
            try await store.deleteAPIKeys(userID: "u1")
            #expect(try await store.apiKeys(userID: "u1").isEmpty)
            #expect(try await store.apiKeys(userID: "u2") == [c])
        }
    }

    @Test(arguments: StoreKind.all) func keyUseIsRecordedInBatchesAndNeverMovesBack(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let key = APIKeyRecord(id: "key_a", userID: "u1", name: "k", prefix: "elq_aaaaaaaaaaaa", secretHash: "h", createdAt: 10)
            try await store.insertAPIKey(key)
            try await store.recordAPIKeyUse(["key_a": 100, "key_gone": 50])  // unknown ids are ignored
            #expect(try await store.apiKey(prefix: key.prefix)?.lastUsedAt == 100)
            try await store.recordAPIKeyUse(["key_a": 70])
            #expect(try await store.apiKey(prefix: key.prefix)?.lastUsedAt == 100)
            try await store.recordAPIKeyUse([:])
            try await store.recordAPIKeyUse(["key_a": 300])
            #expect(try await store.apiKey(prefix: key.prefix)?.lastUsedAt == 300)
        }
    }

    @Test(arguments: StoreKind.all) func cachedStoreForwardsSessionRows(kind: StoreKind) async throws {
        try await withStore(kind) { base in
            let store = CachedStore(base, ttl: .seconds(60))
            try await store.revoke(tokenHash: "t", expiresAt: 4_000_000_000)
            #expect(try await base.isRevoked(tokenHash: "t", now: 1))
            try await store.addTombstone(userID: "u9", deletedAt: 1)
            #expect(try await base.isDeleted(userID: "u9"))
        }
    }
}
