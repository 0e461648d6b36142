import TestSupport
@testable import Basics
@testable import Identity
import FoundationEssentials
import JWTKit
import Testing

@Suite struct IdentityTokenMinterTests {
    let clock = IdentityManualClock()

    @Test func mintedTokensVerifyWithTheClaimsAsked() async throws {
        let issuer = TokenVerifierConfiguration.supabaseIssuer(supabaseURL: "https://abc.supabase.co")
        let token = try TokenMinter.mint(sub: IdentityFixture.userID, email: "ada@example.com", ttl: 600,
                                         secret: IdentityFixture.secret, issuer: issuer, now: clock.now)
        let verifier = try IdentityFixture.verifier(clock: clock, issuer: issuer)
        let identity = try await verifier.verify(token)
        #expect(identity.userID == IdentityFixture.userID && identity.email == "ada@example.com")
        #expect(identity.role == "user" && identity.rawRole == "authenticated")
        #expect(identity.expiresAt == clock.now + 600 && identity.issuedAt == clock.now)
        let header = Base64URL.decode(Array(token.split(separator: ".")[0].utf8)).map { String(decoding: $0, as: UTF8.self) }
        #expect(header == #"{"alg":"HS256","typ":"JWT"}"#)
    }

    @Test func mintedTokensExpireAndCarryTheRole() async throws {
        let token = try TokenMinter.mint(sub: "u1", email: nil, role: "admin", ttl: 60,
                                         secret: IdentityFixture.secret, now: clock.now)
        let verifier = try IdentityFixture.verifier(clock: clock, cacheTTL: 0)
        let identity = try await verifier.verify(token)
        #expect(identity.role == "admin" && identity.email == nil)
        clock.advance(by: 60 + TokenVerifier.clockSkewLeeway)
        #expect(await IdentityFixture.failure { () async throws(AuthFailure) in try await verifier.verify(token) } != nil)
    }

    @Test func jwtKitAcceptsMintedTokens() async throws {
        let token = try TokenMinter.mint(sub: "u1", email: nil, ttl: 60, secret: IdentityFixture.secret,
                                         now: EpochClock.system.now())
        let keys = await JWTKeyCollection().add(hmac: HMACKey(from: IdentityFixture.secret), digestAlgorithm: .sha256)
        let claims = try await keys.verify(token, as: IdentityKitClaims.self)
        #expect(claims.sub == "u1")
        let wrongKeys = await JWTKeyCollection().add(hmac: HMACKey(from: IdentityFixture.otherSecret), digestAlgorithm: .sha256)
        await #expect(throws: (any Error).self) { try await wrongKeys.verify(token, as: IdentityKitClaims.self) }
    }

    @Test func badArgumentsAreRefused() {
        let secret = IdentityFixture.secret
        #expect(throws: TokenMinterError.emptySubject) { try TokenMinter.mint(sub: "", email: nil, secret: secret) }
        #expect(throws: TokenMinterError.emptyRole) { try TokenMinter.mint(sub: "u", email: nil, role: "", secret: secret) }
        for ttl in [0, -1, TokenMinter.maxTTL + 1] {
            #expect(throws: TokenMinterError.invalidTTL(ttl)) { try TokenMinter.mint(sub: "u", email: nil, ttl: ttl, secret: secret) }
        }
        #expect(throws: IdentitySetupError.secretTooShort(bytes: 5)) { try TokenMinter.mint(sub: "u", email: nil, secret: "short") }
    }

    @Test func aLocalSecretSignsTokensItsVerifierAccepts() async throws {
        let dataDir = "/tmp/eloquent-identity-tests/" + LocalSecret.generate().prefix(16)
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        let secret = try LocalSecret.loadOrCreate(dataDir: dataDir)
        let token = try TokenMinter.mint(sub: "u1", email: nil, secret: secret, now: clock.now)
        let verifier = try TokenVerifier(hs256Secret: try LocalSecret.loadOrCreate(dataDir: dataDir),
                                         clock: clock.epochClock)
        #expect(try await verifier.verify(token).userID == "u1")
    }
}

/// A payload jwt-kit can sign, for cross-implementation tests.
struct IdentityKitClaims: JWTPayload {
    var sub: String
    var aud = "authenticated"
    var exp: Int

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
