// What logout revocations, deletion tombstones and API keys need from storage (SPEC sections 3 and 10): rows in the
// same database as the users, so that they survive a restart and, on PostgreSQL, hold for every instance.

/// Access tokens revoked by logout, each until its own expiry. Tokens are known by the SHA-256 of their bytes (hex),
/// never stored as such.
public protocol RevocationStore: Sendable {
    /// Revokes the token with this hash until `expiresAt` (epoch seconds); revoking again keeps the later expiry.
    func revoke(tokenHash: String, expiresAt: Int) async throws
    /// Whether the token is revoked at `now` (an entry past its expiry no longer counts and may be dropped).
    func isRevoked(tokenHash: String, now: Int) async throws -> Bool
}

/// Deleted accounts: a user id here never gets an account again, and its tokens get `401 Account deleted`.
public protocol TombstoneStore: Sendable {
    /// Records the deletion (idempotent: the first `deletedAt` is kept).
    func addTombstone(userID: String, deletedAt: Int) async throws
    func isDeleted(userID: String) async throws -> Bool
}

/// One API key as stored: never the key itself, only its prefix (public, unique) and the SHA-256 of the whole key.
public struct APIKeyRecord: Sendable, Equatable {
    public var id: String
    public var userID: String
    public var name: String
    /// The public part (`elq_` + 12 characters), unique, shown in listings; the lookup key.
    public var prefix: String
    /// SHA-256 of the whole key, hex.
    public var secretHash: String
    public var createdAt: Int
    public var lastUsedAt: Int?

    public init(id: String, userID: String, name: String, prefix: String, secretHash: String, createdAt: Int,
                lastUsedAt: Int? = nil) {
        self.id = id
        self.userID = userID
        self.name = name
        self.prefix = prefix
        self.secretHash = secretHash
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
    }
}

extension APIKeyRecord {
    /// The columns `init(row:)` reads, in order.
    static let selectColumns = "id, user_id, name, prefix, secret_hash, created_at, last_used_at"

    init(row: some StoredRow) throws {
        self.init(id: try row.text(0), userID: try row.text(1), name: try row.text(2), prefix: try row.text(3),
                  secretHash: try row.text(4), createdAt: try row.int(5), lastUsedAt: row.optionalInt(6))
    }
}

public protocol APIKeyStore: Sendable {
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

public enum APIKeyStoreError: Error, Equatable {
    case duplicatePrefix
}

/// Revocations, tombstones and API keys together.
public protocol SessionStore: RevocationStore, TombstoneStore, APIKeyStore {}

/// A decorator that leaves the session rows alone.
public protocol ForwardingSessionStore: SessionStore {
    var sessionBase: any SessionStore { get }
}

extension ForwardingSessionStore {
    public func revoke(tokenHash: String, expiresAt: Int) async throws { try await sessionBase.revoke(tokenHash: tokenHash, expiresAt: expiresAt) }
    public func isRevoked(tokenHash: String, now: Int) async throws -> Bool { try await sessionBase.isRevoked(tokenHash: tokenHash, now: now) }
    public func addTombstone(userID: String, deletedAt: Int) async throws { try await sessionBase.addTombstone(userID: userID, deletedAt: deletedAt) }
    public func isDeleted(userID: String) async throws -> Bool { try await sessionBase.isDeleted(userID: userID) }
    public func insertAPIKey(_ record: APIKeyRecord) async throws { try await sessionBase.insertAPIKey(record) }
    public func apiKeys(userID: String) async throws -> [APIKeyRecord] { try await sessionBase.apiKeys(userID: userID) }
    public func apiKey(prefix: String) async throws -> APIKeyRecord? { try await sessionBase.apiKey(prefix: prefix) }
    public func deleteAPIKey(id: String, userID: String) async throws -> Bool { try await sessionBase.deleteAPIKey(id: id, userID: userID) }
    public func deleteAPIKeys(userID: String) async throws { try await sessionBase.deleteAPIKeys(userID: userID) }
    public func recordAPIKeyUse(_ lastUsed: [String: Int]) async throws { try await sessionBase.recordAPIKeyUse(lastUsed) }
}
