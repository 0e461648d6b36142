public import Identity
public import Basics
import FoundationEssentials
import Synchronization

/// Fixtures shared by the identity tests.
public enum IdentityFixture {
    public static let secret = "identity-test-secret-0123456789-abcdefghij"
    public static let otherSecret = "another-secret-that-is-long-enough-0123456789"
    public static let start = 1_700_000_000
    public static let userID = "8f0e4a8c-2b1d-4f6e-9a3b-5c7d9e1f2a3b"

    /// A token with exactly this header and payload JSON, HS256-signed with `secret`.
    public static func token(header: String = #"{"alg":"HS256","typ":"JWT"}"#, payload: String,
                      secret: String = IdentityFixture.secret) -> String {
        TokenMinter.sign(headerJSON: Array(header.utf8), payloadJSON: Array(payload.utf8), secret: secret)
    }

    /// A token whose claims are `claims` encoded as JSON.
    public static func token(header: String = #"{"alg":"HS256","typ":"JWT"}"#, claims: IdentityTestClaims,
                      secret: String = IdentityFixture.secret) -> String {
        token(header: header, payload: claims.json, secret: secret)
    }

    public static func verifier(
        clock: IdentityManualClock, issuer: String? = nil, cacheTTL: Int = 300, maxEntries: Int = 1000
    ) throws -> TokenVerifier {
        try TokenVerifier(
            hs256Secret: secret,
            configuration: .init(issuer: issuer, cacheTTL: cacheTTL, maxCacheEntries: maxEntries),
            clock: clock.epochClock)
    }

    /// The failure `body` throws, or `nil` if it succeeds.
    public static func failure(_ body: () async throws(AuthFailure) -> Identity) async -> AuthFailure? {
        do {
            _ = try await body()
            return nil
        } catch {
            return error
        }
    }
}

/// A clock the test moves by hand.
public final class IdentityManualClock: Sendable {
    private let seconds: Atomic<Int>

    public init(_ start: Int = IdentityFixture.start) {
        seconds = Atomic(start)
    }

    public var now: Int { seconds.load(ordering: .relaxed) }

    public func advance(by delta: Int) {
        seconds.add(delta, ordering: .relaxed)
    }

    public var epochClock: EpochClock {
        EpochClock { [self] in now }
    }
}

/// Claims for hand-built tokens; `nil` fields are left out of the JSON.
public struct IdentityTestClaims: Encodable {
    public var sub: String? = IdentityFixture.userID
    public var email: String? = "ada@example.com"
    public var role: String? = "authenticated"
    public var aud: String? = "authenticated"
    public var audList: [String]?
    public var iss: String?
    public var exp: Int? = IdentityFixture.start + 3600
    public var nbf: Int?
    public var iat: Int? = IdentityFixture.start
    public var sessionID: String?
    public var userMetadata: [String: String]?

    public init(sub: String? = IdentityFixture.userID, email: String? = "ada@example.com", role: String? = "authenticated",
                aud: String? = "authenticated", audList: [String]? = nil, iss: String? = nil, exp: Int? = IdentityFixture.start + 3600,
                nbf: Int? = nil, iat: Int? = IdentityFixture.start, sessionID: String? = nil, userMetadata: [String: String]? = nil) {
        self.sub = sub
        self.email = email
        self.role = role
        self.aud = aud
        self.audList = audList
        self.iss = iss
        self.exp = exp
        self.nbf = nbf
        self.iat = iat
        self.sessionID = sessionID
        self.userMetadata = userMetadata
    }

    private enum CodingKeys: String, CodingKey {
        case sub, email, role, aud, iss, exp, nbf, iat
        case sessionID = "session_id"
        case userMetadata = "user_metadata"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(sub, forKey: .sub)
        try c.encodeIfPresent(email, forKey: .email)
        try c.encodeIfPresent(role, forKey: .role)
        if let audList { try c.encode(audList, forKey: .aud) } else { try c.encodeIfPresent(aud, forKey: .aud) }
        try c.encodeIfPresent(iss, forKey: .iss)
        try c.encodeIfPresent(exp, forKey: .exp)
        try c.encodeIfPresent(nbf, forKey: .nbf)
        try c.encodeIfPresent(iat, forKey: .iat)
        try c.encodeIfPresent(sessionID, forKey: .sessionID)
        try c.encodeIfPresent(userMetadata, forKey: .userMetadata)
    }

    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}
