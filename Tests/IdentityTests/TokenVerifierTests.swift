import TestSupport
@testable import Identity
import JWTKit
import Testing

@Suite struct IdentityTokenVerifierTests {
    let clock = IdentityManualClock()

    @Test func acceptsAValidTokenWithTheRightIdentity() async throws {
        let verifier = try IdentityFixture.verifier(clock: clock)
        var claims = IdentityTestClaims()
        claims.sessionID = "session-1"
        claims.userMetadata = ["full_name": "Ada Lovelace", "avatar_url": "https://example.com/a.png"]
        let identity = try await verifier.verify(IdentityFixture.token(claims: claims))
        #expect(identity == Identity(
            userID: IdentityFixture.userID, email: "ada@example.com", rawRole: "authenticated",
            expiresAt: IdentityFixture.start + 3600, issuedAt: IdentityFixture.start, sessionID: "session-1",
            name: "Ada Lovelace", pictureURL: "https://example.com/a.png"))
        #expect(identity.role == "user")
    }

    @Test func keepsAnOtherRoleAndDefaultsAMissingOne() async throws {
        let verifier = try IdentityFixture.verifier(clock: clock)
        var admin = IdentityTestClaims()
        admin.role = "admin"
        let adminIdentity = try await verifier.verify(IdentityFixture.token(claims: admin))
        #expect(adminIdentity.role == "admin" && adminIdentity.rawRole == "admin")
        var noRole = IdentityTestClaims()
        noRole.role = nil
        noRole.email = ""
        noRole.userMetadata = ["name": "Ada", "picture": "p"]
        let plain = try await verifier.verify(IdentityFixture.token(claims: noRole))
        #expect(plain.role == "user" && plain.rawRole == "authenticated")
        #expect(plain.email == nil && plain.name == "Ada" && plain.pictureURL == "p")
    }

    @Test func malformedUserMetadataIsIgnoredNotFatal() async throws {
        let verifier = try IdentityFixture.verifier(clock: clock)
        let payload = #"{"sub":"u1","aud":"authenticated","exp":\#(IdentityFixture.start + 60),"user_metadata":{"full_name":42,"avatar_url":["x"]}}"#
        let identity = try await verifier.verify(IdentityFixture.token(payload: payload))
        #expect(identity.userID == "u1" && identity.name == nil && identity.pictureURL == nil)
    }

    @Test func refusesATokenSignedWithAnotherKey() async throws {
        let verifier = try IdentityFixture.verifier(clock: clock)
        let token = IdentityFixture.token(claims: IdentityTestClaims(), secret: IdentityFixture.otherSecret)
        #expect(await IdentityFixture.failure { () async throws(AuthFailure) in try await verifier.verify(token) }
                == .invalidToken(reason: "bad signature"))
    }

    @Test func refusesAlgNone() async throws {
        let verifier = try IdentityFixture.verifier(clock: clock)
        let unsigned = Base64URL.encode(Array(#"{"alg":"none"}"#.utf8)) + "."
            + Base64URL.encode(Array(IdentityTestClaims().json.utf8)) + "."
        let failure = await IdentityFixture.failure { () async throws(AuthFailure) in try await verifier.verify(unsigned) }
        #expect(failure?.reason?.contains("not accepted") == true)
        for alg in ["none", "None", "NONE", "hs256", "HS256 "] {
            let signed = IdentityFixture.token(header: #"{"alg":"\#(alg)"}"#, claims: IdentityTestClaims())
            #expect(await IdentityFixture.failure { () async throws(AuthFailure) in try await verifier.verify(signed) }?
                .reason?.contains("not accepted") == true, "alg \(alg)")
        }
    }

    @Test(arguments: ["RS256", "ES256", "PS256", "EdDSA", "HS384", "HS512"])
    func refusesAnHMACSignedTokenWhoseHeaderNamesAnotherAlgorithm(alg: String) async throws {
        let verifier = try IdentityFixture.verifier(clock: clock)
        let token = IdentityFixture.token(header: #"{"alg":"\#(alg)","typ":"JWT"}"#, claims: IdentityTestClaims())
        let failure = await IdentityFixture.failure { () async throws(AuthFailure) in try await verifier.verify(token) }
        #expect(failure?.reason == "algorithm \"\(alg)\" not accepted")
    }

    @Test func refusesARealES256Token() async throws {
        let verifier = try IdentityFixture.verifier(clock: clock)
        let keys = await JWTKeyCollection().add(ecdsa: ES256PrivateKey())
        let token = try await keys.sign(IdentityKitClaims(sub: "u1", exp: IdentityFixture.start + 60))
        let failure = await IdentityFixture.failure { () async throws(AuthFailure) in try await verifier.verify(token) }
        #expect(failure?.reason == "algorithm \"ES256\" not accepted")
    }

    @Test func acceptsAnHS256TokenSignedByJWTKitItself() async throws {
        let verifier = try IdentityFixture.verifier(clock: clock)
        let keys = await JWTKeyCollection().add(hmac: HMACKey(from: IdentityFixture.secret), digestAlgorithm: .sha256)
        let token = try await keys.sign(IdentityKitClaims(sub: "u1", exp: IdentityFixture.start + 60))
        #expect(try await verifier.verify(token).userID == "u1")
    }

    @Test func refusesHeadersItCannotHonour() async throws {
        let verifier = try IdentityFixture.verifier(clock: clock)
        for header in [#"{"alg":"HS256","crit":["exp"]}"#, #"{"typ":"JWT"}"#, #"{"alg":256}"#, #"["HS256"]"#, "{}"] {
            let token = IdentityFixture.token(header: header, claims: IdentityTestClaims())
            #expect(await IdentityFixture.failure { () async throws(AuthFailure) in try await verifier.verify(token) } != nil,
                    "header \(header)")
        }
    }

    @Test func refusesShortSecrets() {
        #expect(throws: IdentitySetupError.secretTooShort(bytes: 31)) {
            try TokenVerifier(hs256Secret: String(repeating: "k", count: 31))
        }
    }
}
