import TestSupport
@testable import Identity
import HTTP1
import Testing
@testable import Eloquent
@testable import HTTPServer

/// `AuthMiddleware`: the four 401s, verified identities handed to the handler, refused tokens, the cache.
@Suite struct MiddlewareAuthTests {
    let clock = IdentityManualClock()

    func authenticate(_ authorization: String?, verifier: TokenVerifier, next: StackRecordingNext) async throws -> Response {
        let headers = authorization.map { [("Authorization", $0)] } ?? []
        return try await AuthMiddleware(verifier: verifier).handle(
            StackFixture.request("GET", "/api/transcribe/api-key", headers: headers), next: next.responder)
    }

    func expect401(_ authorization: String?, _ message: String, verifier: TokenVerifier? = nil,
                   sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let next = StackRecordingNext()
        let response = try await authenticate(authorization, verifier: verifier ?? IdentityFixture.verifier(clock: clock),
                                              next: next)
        #expect(response.status == 401, sourceLocation: sourceLocation)
        #expect(String(decoding: response.body, as: UTF8.self) == "{\"error\":\"\(message)\"}", sourceLocation: sourceLocation)
        #expect(response.headers["Content-Type"]?.hasPrefix("application/json") == true, sourceLocation: sourceLocation)
        #expect(response.headers["WWW-Authenticate"] == "Bearer", sourceLocation: sourceLocation)
        #expect(next.calls == 0, sourceLocation: sourceLocation)
    }

    @Test func theFourErrorsOfTheOriginal() async throws {
        try await expect401(nil, "No token provided")
        try await expect401("", "No token provided")
        try await expect401("   ", "No token provided")
        try await expect401("Basic dXNlcjpwYXNz", "Invalid token format")
        try await expect401("Bearer  two-spaces", "Invalid token format")
        try await expect401("Bearer a b", "Invalid token format")
        try await expect401("Bearer t\u{7F}", "Invalid token format")
        try await expect401("Bearer tökén", "Invalid token format")
        try await expect401("Bearer", "Empty token")
        try await expect401("bearer   ", "Empty token")
        try await expect401("Bearer not-a-jwt", "Invalid token")
        try await expect401("Bearer a.b.c", "Invalid token")
        try await expect401("Bearer ....", "Invalid token")
        try await expect401("Bearer " + String(repeating: "A", count: 100_000), "Invalid token")
    }

    @Test func aValidTokenHandsTheIdentityToTheHandler() async throws {
        let next = StackRecordingNext { request in
            let identity = try request.requireIdentity()
            return .text("\(identity.userID) \(identity.email ?? "-") \(identity.role)")
        }
        let token = IdentityFixture.token(claims: IdentityTestClaims())
        let response = try await authenticate("Bearer " + token, verifier: IdentityFixture.verifier(clock: clock), next: next)
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "\(IdentityFixture.userID) ada@example.com user")
        #expect(next.lastRequest?.attributes[IdentityKey.self]?.userID == IdentityFixture.userID)
    }

    @Test func aMintedTokenIsAccepted() async throws {
        let token = try TokenMinter.mint(sub: "2b8c0f5e-0000-4000-8000-000000000001", email: "a@b.c", role: "admin",
                                         secret: IdentityFixture.secret, now: clock.now)
        let next = StackRecordingNext { request in .text(try request.requireIdentity().role) }
        let response = try await authenticate("Bearer " + token, verifier: IdentityFixture.verifier(clock: clock), next: next)
        #expect(response.status == 200)
        #expect(response.body == Array("admin".utf8))
    }

    @Test func aTokenSignedWithAnotherKeyIsRefused() async throws {
        let token = IdentityFixture.token(claims: IdentityTestClaims(), secret: IdentityFixture.otherSecret)
        try await expect401("Bearer " + token, "Invalid token")
    }

    @Test func algNoneAndAlgorithmConfusionAreRefused() async throws {
        let payload = IdentityTestClaims().json
        let unsigned = Base64URL.encode(Array(#"{"alg":"none","typ":"JWT"}"#.utf8)) + "." + Base64URL.encode(Array(payload.utf8))
        try await expect401("Bearer " + unsigned + ".", "Invalid token")
        try await expect401("Bearer " + unsigned, "Invalid token")
        // `none` with a valid HS256 signature over the same input is still `none`.
        try await expect401("Bearer " + IdentityFixture.token(header: #"{"alg":"none"}"#, payload: payload), "Invalid token")
        try await expect401("Bearer " + IdentityFixture.token(header: #"{"alg":"NONE","typ":"JWT"}"#, payload: payload), "Invalid token")
        for alg in ["RS256", "ES256", "HS384", "HS512", "EdDSA", "hs256"] {
            try await expect401("Bearer " + IdentityFixture.token(header: "{\"alg\":\"\(alg)\",\"typ\":\"JWT\"}", payload: payload),
                                "Invalid token")
        }
    }

    @Test func anExpiredTokenIsRefused() async throws {
        var claims = IdentityTestClaims()
        claims.exp = IdentityFixture.start - 3600
        try await expect401("Bearer " + IdentityFixture.token(claims: claims), "Invalid token")
        claims.exp = nil
        try await expect401("Bearer " + IdentityFixture.token(claims: claims), "Invalid token")
    }

    @Test func wrongAudienceAndFutureNotBeforeAreRefused() async throws {
        var claims = IdentityTestClaims()
        claims.aud = "anon"
        try await expect401("Bearer " + IdentityFixture.token(claims: claims), "Invalid token")
        claims = IdentityTestClaims()
        claims.nbf = IdentityFixture.start + 600
        try await expect401("Bearer " + IdentityFixture.token(claims: claims), "Invalid token")
    }

    @Test func theSecondRequestIsACacheHit() async throws {
        let verifier = try IdentityFixture.verifier(clock: clock)
        let token = "Bearer " + IdentityFixture.token(claims: IdentityTestClaims())
        let next = StackRecordingNext()
        #expect(try await authenticate(token, verifier: verifier, next: next).status == 200)
        #expect(verifier.cacheStats.hits == 0)
        #expect(verifier.cacheStats.misses == 1)
        #expect(try await authenticate(token, verifier: verifier, next: next).status == 200)
        #expect(try await authenticate(token, verifier: verifier, next: next).status == 200)
        #expect(verifier.cacheStats.hits == 2)
        #expect(verifier.cacheStats.misses == 1)
        #expect(verifier.verificationCount == 1)
        #expect(next.calls == 3)
    }

    @Test func aCachedIdentityDoesNotOutliveTheTokensExpiry() async throws {
        let verifier = try IdentityFixture.verifier(clock: clock, cacheTTL: 3600)
        var claims = IdentityTestClaims()
        claims.exp = IdentityFixture.start + 60
        let token = "Bearer " + IdentityFixture.token(claims: claims)
        let next = StackRecordingNext()
        #expect(try await authenticate(token, verifier: verifier, next: next).status == 200)
        clock.advance(by: 60 + TokenVerifier.clockSkewLeeway + 1)
        try await expect401(token, "Invalid token", verifier: verifier)
        #expect(next.calls == 1)
    }

    @Test func aRefusedTokenIsNotCached() async throws {
        let verifier = try IdentityFixture.verifier(clock: clock)
        let token = "Bearer " + IdentityFixture.token(claims: IdentityTestClaims(), secret: IdentityFixture.otherSecret)
        try await expect401(token, "Invalid token", verifier: verifier)
        try await expect401(token, "Invalid token", verifier: verifier)
        #expect(verifier.cacheStats.hits == 0)
        #expect(verifier.cacheStats.entries == 0)
        #expect(verifier.verificationCount == 2)
    }
}
