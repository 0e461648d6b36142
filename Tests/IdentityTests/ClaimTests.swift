import TestSupport
@testable import Identity
import Testing

@Suite struct IdentityClaimTests {
    let clock = IdentityManualClock()
    let now = IdentityFixture.start

    private func failure(_ claims: IdentityTestClaims, issuer: String? = nil) async throws -> AuthFailure? {
        let verifier = try IdentityFixture.verifier(clock: clock, issuer: issuer)
        let token = IdentityFixture.token(claims: claims)
        return await IdentityFixture.failure { () async throws(AuthFailure) in try await verifier.verify(token) }
    }

    private func claims(_ change: (inout IdentityTestClaims) -> Void) -> IdentityTestClaims {
        var claims = IdentityTestClaims()
        change(&claims)
        return claims
    }

    @Test func expiryIsRequiredAndHonouredWithLeeway() async throws {
        let leeway = TokenVerifier.clockSkewLeeway
        #expect(try await failure(claims { $0.exp = nil }) == .invalidToken(reason: "missing exp"))
        #expect(try await failure(claims { $0.exp = now - leeway })?.reason?.hasPrefix("expired") == true)
        #expect(try await failure(claims { $0.exp = now - 3600 })?.reason?.hasPrefix("expired") == true)
        #expect(try await failure(claims { $0.exp = now - leeway + 1 }) == nil)
    }

    @Test func notBeforeIsHonouredWithLeeway() async throws {
        let leeway = TokenVerifier.clockSkewLeeway
        #expect(try await failure(claims { $0.nbf = now + leeway + 1 })?.reason?.hasPrefix("not valid before") == true)
        #expect(try await failure(claims { $0.nbf = now + 3600 })?.reason?.hasPrefix("not valid before") == true)
        #expect(try await failure(claims { $0.nbf = now + leeway }) == nil)
        #expect(try await failure(claims { $0.nbf = now - 10 }) == nil)
    }

    @Test func audienceMustContainAuthenticated() async throws {
        #expect(try await failure(claims { $0.aud = "anon" }) == .invalidToken(reason: "audience is not authenticated"))
        #expect(try await failure(claims { $0.aud = nil }) == .invalidToken(reason: "audience is not authenticated"))
        #expect(try await failure(claims { $0.audList = ["anon", "service"] }) != nil)
        #expect(try await failure(claims { $0.audList = [] }) != nil)
        #expect(try await failure(claims { $0.audList = ["other", "authenticated"] }) == nil)
    }

    @Test func issuerMustMatchWhenConfigured() async throws {
        let issuer = TokenVerifierConfiguration.supabaseIssuer(supabaseURL: "https://abc.supabase.co/")
        #expect(issuer == "https://abc.supabase.co/auth/v1")
        #expect(try await failure(claims { $0.iss = "https://evil.example/auth/v1" }, issuer: issuer) != nil)
        #expect(try await failure(claims { $0.iss = nil }, issuer: issuer) == .invalidToken(reason: "issuer is not \(issuer)"))
        #expect(try await failure(claims { $0.iss = issuer + "/" }, issuer: issuer) != nil)
        #expect(try await failure(claims { $0.iss = issuer }, issuer: issuer) == nil)
        #expect(try await failure(claims { $0.iss = "https://anything.example" }) == nil)
    }

    @Test func subjectIsRequired() async throws {
        #expect(try await failure(claims { $0.sub = nil }) == .invalidToken(reason: "missing sub"))
        #expect(try await failure(claims { $0.sub = "" }) == .invalidToken(reason: "missing sub"))
    }

    @Test(arguments: [
        #"{"sub":42,"aud":"authenticated","exp":1700003600}"#,
        #"{"sub":"u","aud":"authenticated","exp":"1700003600"}"#,
        #"{"sub":"u","aud":"authenticated","exp":1e300}"#,
        #"{"sub":"u","aud":"authenticated","exp":-5}"#,
        #"{"sub":"u","aud":[1,2],"exp":1700003600}"#,
        #"{"sub":"u","aud":"authenticated","exp":1700003600,"nbf":true}"#,
        #"{"sub":"u","aud":"authenticated","exp":1700003600,"email":{}}"#,
        #"["sub","u"]"#, "null", "42", "not json", #"{"sub":"u""#, "",
    ])
    func refusesIllTypedOrNonJSONPayloads(payload: String) async throws {
        let verifier = try IdentityFixture.verifier(clock: clock)
        let token = IdentityFixture.token(payload: payload)
        let failure = await IdentityFixture.failure { () async throws(AuthFailure) in try await verifier.verify(token) }
        #expect(failure != nil)
    }

    @Test func fractionalDatesAreReadConservatively() async throws {
        let verifier = try IdentityFixture.verifier(clock: clock)
        let payload = #"{"sub":"u","aud":"authenticated","exp":\#(now + 100).9,"nbf":\#(now + 30).2}"#
        let failure = await IdentityFixture.failure { () async throws(AuthFailure) in
            try await verifier.verify(IdentityFixture.token(payload: payload))
        }
        #expect(failure?.reason?.hasPrefix("not valid before") == true)
        clock.advance(by: 1)
        #expect(try await verifier.verify(IdentityFixture.token(payload: payload)).expiresAt == now + 100)
    }
}
