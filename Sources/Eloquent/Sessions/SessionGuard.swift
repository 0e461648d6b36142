import Accounts
import Basics
import HTTPServer
import Identity
import Logging
import Storage
import Synchronization

/// What a request's bearer token must also pass once its signature and claims are good (SPEC section 3): not
/// revoked by logout, its account not deleted; and the API keys that stand in for a token (`elq_…`): looked up by
/// their public prefix, compared by hash in constant time, accepted while the owner's plan has `api_access`, their
/// `last_used_at` kept in memory and written in batches (`flushKeyUse`), never once per request.
final class SessionGuard: Sendable {
    let revocations: any RevocationStore
    let tombstones: any TombstoneStore
    let keys: any APIKeyStore
    let store: any Store
    let logger: Logger
    /// Key id → last use (epoch seconds) not yet written.
    private let pendingUse = Mutex<[String: Int]>([:])

    /// Most keys one user may hold.
    static let maxKeysPerUser = 20

    init(revocations: any RevocationStore, tombstones: any TombstoneStore, keys: any APIKeyStore, store: any Store, logger: Logger) {
        self.revocations = revocations
        self.tombstones = tombstones
        self.keys = keys
        self.store = store
        self.logger = logger
    }

    /// Revocations, tombstones and keys kept in `store` (SQLite or PostgreSQL), beside the users.
    convenience init(store: any Store, logger: Logger) {
        self.init(revocations: store, tombstones: store, keys: store, store: store, logger: logger)
    }

    /// Why a token or key was refused: the status and message the client gets.
    struct Refusal: Error, Equatable {
        var status: Int
        var message: String
        var feature: PlanFeature?
        var plan: Plan?

        static let accountDeleted = Refusal(status: 401, message: "Account deleted")
        static let revoked = Refusal(status: 401, message: "Token revoked")
        static let invalidKey = Refusal(status: 401, message: "Invalid API key")
    }

    /// SHA-256 of `text` as 64 lowercase hex digits: what revocations and API keys are stored under (the same digest
    /// the identity cache keys a token by).
    static func sha256Hex(_ text: String) -> String { TokenDigest(of: text).hex }

    // MARK: Access tokens

    /// Nil when a verified access token may be used; the refusal otherwise.
    func refusal(for identity: Identity, token: String, now: Int = EpochClock.system.now()) async throws -> Refusal? {
        if try await tombstones.isDeleted(userID: identity.userID) { return .accountDeleted }
        if try await revocations.isRevoked(tokenHash: Self.sha256Hex(token), now: now) { return .revoked }
        return nil
    }

    /// Throws `401 Account deleted` when the account was deleted meanwhile (a transcription in flight during the
    /// deletion ends in this 4xx, and charges and records nothing).
    func requireNotDeleted(_ userID: String) async throws {
        if try await tombstones.isDeleted(userID: userID) { throw HTTPError(401, "Account deleted") }
    }

    /// Logout: the token stops working here until it expires.
    func revoke(token: String, expiresAt: Int) async throws {
        try await revocations.revoke(tokenHash: Self.sha256Hex(token), expiresAt: expiresAt)
    }

    // MARK: API keys

    /// The identity an API key stands for, or the refusal.
    func authenticate(key: String, now: Int = EpochClock.system.now()) async throws -> (Identity, keyID: String) {
        guard let parsed = APIKeyText(key) else { throw Refusal.invalidKey }
        guard let record = try await keys.apiKey(prefix: parsed.prefix) else { throw Refusal.invalidKey }
        // The stored hash is compared in full whatever the bytes: the time taken says nothing about the key.
        guard Self.constantTimeEqual(Self.sha256Hex(key), record.secretHash) else { throw Refusal.invalidKey }
        if try await tombstones.isDeleted(userID: record.userID) { throw Refusal.accountDeleted }
        guard let owner = try await store.user(id: record.userID) else { throw Refusal.invalidKey }
        guard PlanCatalog.allows(owner.plan, .apiAccess) else {
            throw Refusal(status: 403, message: "", feature: .apiAccess, plan: owner.plan)
        }
        pendingUse.withLock { $0[record.id] = now }
        // An API key works until it is revoked: its identity "expires" far away (it is never cached by expiry).
        return (Identity(userID: owner.id, email: owner.email.isEmpty ? nil : owner.email, expiresAt: Int(Int32.max),
                         name: owner.name, pictureURL: owner.pictureURL), record.id)
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }

    /// A new key for `user`: the record stored (hash only) and the key, shown once.
    func createKey(for user: UserRecord, name: String, now: Int = EpochClock.system.now()) async throws -> (APIKeyRecord, String) {
        guard try await keys.apiKeys(userID: user.id).count < Self.maxKeysPerUser else {
            throw HTTPError(400, "At most \(Self.maxKeysPerUser) API keys per account: delete one first")
        }
        for _ in 0..<4 {
            let key = APIKeyText.generate()
            let record = APIKeyRecord(id: "key_" + APIKeyText.random(20), userID: user.id, name: name, prefix: key.prefix,
                                      secretHash: Self.sha256Hex(key.text), createdAt: now, lastUsedAt: nil)
            do {
                try await keys.insertAPIKey(record)
                return (record, key.text)
            } catch APIKeyStoreError.duplicatePrefix {
                continue
            }
        }
        throw HTTPError(500, "Could not create a unique API key")
    }

    /// The key's last use, counting uses not yet written.
    func lastUsed(_ record: APIKeyRecord) -> Int? {
        let pending = pendingUse.withLock { $0[record.id] }
        return [pending, record.lastUsedAt].compactMap { $0 }.max()
    }

    /// Writes the pending `last_used_at` figures in one batch (periodically, and at shutdown).
    func flushKeyUse() async {
        let batch = pendingUse.withLock { pending -> [String: Int] in
            defer { pending.removeAll() }
            return pending
        }
        guard !batch.isEmpty else { return }
        do {
            try await keys.recordAPIKeyUse(batch)
        } catch {
            logger.warning("could not record API key use", metadata: ["error": "\(error)", "keys": "\(batch.count)"])
            pendingUse.withLock { pending in pending.merge(batch) { max($0, $1) } }
        }
    }
}

/// The text of an API key: `elq_` + 12 characters (the public prefix, 16 characters in all) + `_` + 40 characters
/// of secret, all from `[A-Za-z0-9]` drawn from the system's secure generator (~238 bits of secret).
struct APIKeyText: Equatable {
    static let marker = "elq_"
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
    let text: String
    let prefix: String

    /// Nil unless `text` has the shape of a key.
    init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 57, text.hasPrefix(Self.marker), bytes[16] == UInt8(ascii: "_"),
              bytes[4..<16].allSatisfy(Self.alphabet.contains), bytes[17...].allSatisfy(Self.alphabet.contains) else { return nil }
        self.text = text
        prefix = String(decoding: bytes[0..<16], as: UTF8.self)
    }

    static func looksLikeKey(_ token: String) -> Bool { token.hasPrefix(marker) }

    static func random(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String(decoding: (0..<count).map { _ in alphabet[Int(generator.next(upperBound: UInt(alphabet.count)))] }, as: UTF8.self)
    }

    static func generate() -> APIKeyText {
        APIKeyText(marker + random(12) + "_" + random(40))!
    }
}
