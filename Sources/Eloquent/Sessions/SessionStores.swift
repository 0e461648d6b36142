import Basics
import Synchronization

// What logout revocations, deletion tombstones and API keys need from storage. The protocols are what the SQLite and
// PostgreSQL stores are to implement (issue 11; see the README); until then the in-memory implementations below are
// used, and the README says so: their contents do NOT survive a restart and are NOT shared between instances.

/// Access tokens revoked by logout, each until its own expiry. Tokens are known by the SHA-256 of their bytes (hex),
/// never stored as such.
protocol RevocationStore: Sendable {
    /// Revokes the token with this hash until `expiresAt` (epoch seconds); revoking again keeps the later expiry.
    func revoke(tokenHash: String, expiresAt: Int) async throws
    /// Whether the token is revoked at `now` (an entry past its expiry no longer counts and may be dropped).
    func isRevoked(tokenHash: String, now: Int) async throws -> Bool
}

/// Deleted accounts: a user id here never gets an account again, and its tokens get `401 Account deleted`.
protocol TombstoneStore: Sendable {
    /// Records the deletion (idempotent: the first `deletedAt` is kept).
    func addTombstone(userID: String, deletedAt: Int) async throws
    func isDeleted(userID: String) async throws -> Bool
}

/// One API key as stored: never the key itself, only its prefix (public, unique) and the SHA-256 of the whole key.
struct APIKeyRecord: Sendable, Equatable {
    var id: String
    var userID: String
    var name: String
    /// The public part (`elq_` + 12 characters), unique, shown in listings; the lookup key.
    var prefix: String
    /// SHA-256 of the whole key, hex.
    var secretHash: String
    var createdAt: Int
    var lastUsedAt: Int?
}

protocol APIKeyStore: Sendable {
    /// Stores a new key; throws `APIKeyStoreError.duplicatePrefix` when the prefix is taken.
    func insertAPIKey(_ record: APIKeyRecord) async throws
    /// The user's keys, newest first.
    func apiKeys(userID: String) async throws -> [APIKeyRecord]
    /// The key with this prefix, if any.
    func apiKey(prefix: String) async throws -> APIKeyRecord?
    /// Deletes the user's key `id`; false when the user has no such key.
    func deleteAPIKey(id: String, userID: String) async throws -> Bool
    /// Deletes every key of the user (account deletion).
    func deleteAPIKeys(userID: String) async throws
    /// Sets `last_used_at` of each key id to the given time when later than the stored one (a batch, written
    /// periodically rather than once per request); ids that no longer exist are ignored.
    func recordAPIKeyUse(_ lastUsed: [String: Int]) async throws
}

enum APIKeyStoreError: Error, Equatable {
    case duplicatePrefix
}

/// In memory, for the embedded default until the stores implement these (lost on restart, per process).
final class InMemorySessionStore: RevocationStore, TombstoneStore, APIKeyStore {
    private struct State {
        var revoked: [String: Int] = [:]
        var nextSweep = 0
        var tombstones: [String: Int] = [:]
        var keysByPrefix: [String: APIKeyRecord] = [:]
    }

    private let state = Mutex(State())

    func revoke(tokenHash: String, expiresAt: Int) async throws {
        state.withLock { state in
            state.revoked[tokenHash] = max(state.revoked[tokenHash] ?? 0, expiresAt)
            // Expired revocations are dropped now and then, so the map holds only tokens that could still be used.
            let now = EpochClock.system.now()
            if state.nextSweep <= now {
                state.revoked = state.revoked.filter { $0.value > now }
                state.nextSweep = now + 60
            }
        }
    }

    func isRevoked(tokenHash: String, now: Int) async throws -> Bool {
        state.withLock { state in
            guard let until = state.revoked[tokenHash] else { return false }
            if until <= now {
                state.revoked[tokenHash] = nil
                return false
            }
            return true
        }
    }

    func addTombstone(userID: String, deletedAt: Int) async throws {
        state.withLock { state in
            if state.tombstones[userID] == nil { state.tombstones[userID] = deletedAt }
        }
    }

    func isDeleted(userID: String) async throws -> Bool {
        state.withLock { $0.tombstones[userID] != nil }
    }

    func insertAPIKey(_ record: APIKeyRecord) async throws {
        try state.withLock { state in
            guard state.keysByPrefix[record.prefix] == nil else { throw APIKeyStoreError.duplicatePrefix }
            state.keysByPrefix[record.prefix] = record
        }
    }

    func apiKeys(userID: String) async throws -> [APIKeyRecord] {
        state.withLock { state in
            state.keysByPrefix.values.filter { $0.userID == userID }.sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
        }
    }

    func apiKey(prefix: String) async throws -> APIKeyRecord? {
        state.withLock { $0.keysByPrefix[prefix] }
    }

    func deleteAPIKey(id: String, userID: String) async throws -> Bool {
        state.withLock { state in
            guard let prefix = state.keysByPrefix.first(where: { $0.value.id == id && $0.value.userID == userID })?.key else { return false }
            state.keysByPrefix[prefix] = nil
            return true
        }
    }

    func deleteAPIKeys(userID: String) async throws {
        state.withLock { state in state.keysByPrefix = state.keysByPrefix.filter { $0.value.userID != userID } }
    }

    func recordAPIKeyUse(_ lastUsed: [String: Int]) async throws {
        state.withLock { state in
            for (prefix, record) in state.keysByPrefix {
                if let used = lastUsed[record.id], used > (record.lastUsedAt ?? 0) {
                    state.keysByPrefix[prefix]?.lastUsedAt = used
                }
            }
        }
    }
}
