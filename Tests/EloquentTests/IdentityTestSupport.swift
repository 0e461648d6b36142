@testable import Identity
import FoundationEssentials
@testable import Eloquent

/// Fixtures shared by the identity tests.
enum IdentityFixture {
    static let secret = "identity-test-secret-0123456789-abcdefghij"
    static let otherSecret = "another-secret-that-is-long-enough-0123456789"
    static let start = 1_700_000_000
    static let userID = "8f0e4a8c-2b1d-4f6e-9a3b-5c7d9e1f2a3b"

    /// A token with exactly this header and payload JSON, HS256-signed with `secret`.
    static func token(header: String = #"{"alg":"HS256","typ":"JWT"}"#, payload: String,
                      secret: String = IdentityFixture.secret) -> String {
        TokenMinter.sign(headerJSON: Array(header.utf8), payloadJSON: Array(payload.utf8), secret: secret)
    }

    /// A token whose claims are `claims` encoded as JSON.
    static func token(header: String = #"{"alg":"HS256","typ":"JWT"}"#, claims: IdentityTestClaims,
                      secret: String = IdentityFixture.secret) -> String {
        token(header: header, payload: claims.json, secret: secret)
    }

    static func verifier(
        clock: IdentityManualClock, issuer: String? = nil, cacheTTL: Int = 300, maxEntries: Int = 1000
    ) throws -> TokenVerifier {
        try TokenVerifier(
            hs256Secret: secret,
            configuration: .init(issuer: issuer, cacheTTL: cacheTTL, maxCacheEntries: maxEntries),
            clock: clock.epochClock)
    }

    /// The failure `body` throws, or `nil` if it succeeds.
    static func failure(_ body: () async throws(AuthFailure) -> Identity) async -> AuthFailure? {
        do {
            _ = try await body()
            return nil
        } catch {
            return error
        }
    }
}
