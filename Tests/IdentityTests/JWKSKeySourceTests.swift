import TestSupport
@testable import Identity
import FoundationEssentials
import JWTKit
import Synchronization
import Testing

@Suite struct IdentityJWKSKeySourceTests {
    let clock = IdentityManualClock()

    /// A JWKS endpoint stand-in whose body the test changes, counting fetches.
    final class FakeEndpoint: Sendable {
        let body = Mutex<[UInt8]>([])
        let fetches = Atomic<Int>(0)
        func serve(_ json: String) { body.withLock { $0 = Array(json.utf8) } }
        func fetch() -> [UInt8] {
            fetches.add(1, ordering: .relaxed)
            return body.withLock { $0 }
        }
    }

    private func jwk(_ key: ES256PrivateKey, kid: String, alg: String? = "ES256") -> String {
        let p = key.publicKey.parameters!
        let algField = alg.map { #","alg":"\#($0)""# } ?? ""
        return #"{"kty":"EC","crv":"P-256","x":"\#(p.x)","y":"\#(p.y)","kid":"\#(kid)","use":"sig"\#(algField)}"#
    }

    private func sign(_ key: ES256PrivateKey, kid: String, sub: String = "u1") async throws -> String {
        let keys = await JWTKeyCollection().add(ecdsa: key, kid: JWKIdentifier(string: kid))
        return try await keys.sign(IdentityKitClaims(sub: sub, exp: clock.now + 60), kid: JWKIdentifier(string: kid))
    }

    private func verifier(_ endpoint: FakeEndpoint) -> TokenVerifier {
        let source = JWKSKeySource(clock: clock.epochClock) { endpoint.fetch() }
        return TokenVerifier(keySource: source, configuration: .init(cacheTTL: 0), clock: clock.epochClock)
    }

    private func failure(_ verifier: TokenVerifier, _ token: String) async -> AuthFailure? {
        await IdentityFixture.failure { () async throws(AuthFailure) in try await verifier.verify(token) }
    }

    @Test func acceptsES256TokensByKidAndFetchesOnce() async throws {
        let key = ES256PrivateKey()
        let endpoint = FakeEndpoint()
        endpoint.serve(#"{"keys":[{"kty":"oct","k":"c2VjcmV0","kid":"sym"},\#(jwk(key, kid: "k1"))]}"#)
        let verifier = verifier(endpoint)
        #expect(try await verifier.verify(try await sign(key, kid: "k1")).userID == "u1")
        #expect(try await verifier.verify(try await sign(key, kid: "k1", sub: "u2")).userID == "u2")
        #expect(endpoint.fetches.load(ordering: .relaxed) == 1)
    }

    @Test func refusesHMACTokensAndKeysOfAnotherAlgorithm() async throws {
        let key = ES256PrivateKey()
        let endpoint = FakeEndpoint()
        endpoint.serve(#"{"keys":[\#(jwk(key, kid: "k1"))]}"#)
        let verifier = verifier(endpoint)
        // The classic confusion: an HS256 token keyed with the public key's coordinates.
        let hmac = IdentityFixture.token(header: #"{"alg":"HS256","kid":"k1"}"#, claims: IdentityTestClaims(),
                                         secret: key.publicKey.parameters!.x + key.publicKey.parameters!.y)
        #expect(await failure(verifier, hmac)?.reason == "algorithm \"HS256\" not accepted")
        let es256 = try await sign(key, kid: "k1")
        let parts = es256.split(separator: ".")
        let relabelled = Base64URL.encode(Array(#"{"alg":"RS256","kid":"k1"}"#.utf8)) + "." + parts[1] + "." + parts[2]
        #expect(await failure(verifier, relabelled) != nil)
        let noKid = Base64URL.encode(Array(#"{"alg":"ES256"}"#.utf8)) + "." + parts[1] + "." + parts[2]
        #expect(await failure(verifier, noKid)?.reason == "missing kid")
    }

    @Test func anUnknownKidRefreshesAtMostOncePerInterval() async throws {
        let old = ES256PrivateKey(), new = ES256PrivateKey()
        let endpoint = FakeEndpoint()
        endpoint.serve(#"{"keys":[\#(jwk(old, kid: "old"))]}"#)
        let verifier = verifier(endpoint)
        _ = try await verifier.verify(try await sign(old, kid: "old"))
        let rotated = try await sign(new, kid: "new")
        endpoint.serve(#"{"keys":[\#(jwk(old, kid: "old")),\#(jwk(new, kid: "new", alg: nil))]}"#)
        #expect(await failure(verifier, rotated)?.reason == "unknown kid")
        for _ in 0..<10 { _ = await failure(verifier, try await sign(new, kid: "made-up")) }
        #expect(endpoint.fetches.load(ordering: .relaxed) == 1)
        clock.advance(by: JWKSKeySource.minimumRefreshInterval)
        #expect(try await verifier.verify(rotated).userID == "u1")
        #expect(endpoint.fetches.load(ordering: .relaxed) == 2)
        #expect(await failure(verifier, try await sign(ES256PrivateKey(), kid: "new")) == .invalidToken(reason: "bad signature"))
    }

    @Test func aBrokenEndpointIsAnInvalidTokenNotACrash() async throws {
        let endpoint = FakeEndpoint()
        for body in ["", "not json", #"{"keys":{}}"#, "[]", String(repeating: " ", count: JWKSKeySource.maxSetBytes + 1)] {
            endpoint.serve(body)
            let verifier = verifier(endpoint)
            #expect(await failure(verifier, try await sign(ES256PrivateKey(), kid: "k")) != nil, "body \(body.prefix(20))")
        }
    }
}
