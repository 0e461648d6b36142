import Crypto
import TestSupport
@testable import Basics
@testable import Identity
import Testing

/// What drops a cached identity besides its expiry: a logout (`Invalidation.token`), a deletion (`.deletedUser`),
/// a flush (`.everything`), here or on another instance; and a verification that began before such a drop.
@Suite struct TokenInvalidationTests {
    let clock = IdentityManualClock()

    func token(subject: String, ttl: Int = 3600) -> String {
        var claims = IdentityTestClaims()
        claims.sub = subject
        claims.exp = clock.now + ttl
        return IdentityFixture.token(claims: claims)
    }

    @Test func theDigestIsTheTokensSHA256InHex() {
        for text in ["", "a", "header.payload.signature", String(repeating: "é", count: 300)] {
            let expected = SHA256.hash(data: Array(text.utf8)).map { String($0, radix: 16) }
                .map { $0.count == 1 ? "0" + $0 : $0 }.joined()
            #expect(TokenDigest(of: text).hex == expected)
            #expect(TokenDigest(hex: expected) == TokenDigest(of: text))
        }
        #expect(TokenDigest(of: "a") != TokenDigest(of: "b"))
    }

    @Test func hostileHexIsRefused() {
        let good = TokenDigest(of: "x").hex
        for bad in ["", "0", String(good.dropLast()), good + "0", good.uppercased(), String(repeating: "g", count: 64),
                    String(repeating: " ", count: 64), String(good.dropLast(2)) + "é", String(repeating: "0", count: 128)] {
            #expect(TokenDigest(hex: bad) == nil, "\(bad)")
        }
    }

    @Test func aRevokedTokenIsDroppedAndOthersStay() async throws {
        let verifier = try IdentityFixture.verifier(clock: clock)
        let (a, b) = (token(subject: "user-a"), token(subject: "user-b"))
        _ = try await verifier.verify(a)
        _ = try await verifier.verify(b)
        verifier.apply(.token(TokenDigest(of: a).hex))
        #expect(verifier.cachedIdentity(for: a) == nil)
        #expect(verifier.cachedIdentity(for: b) != nil)
        verifier.apply(.token("not hex"))     // ignored
        verifier.apply(.user("user-b"))       // rows are not identities
        verifier.apply(.usage("user-b"))
        #expect(verifier.cachedIdentity(for: b) != nil)
    }

    @Test func aDeletionDropsEveryTokenOfThatUser() async throws {
        let verifier = try IdentityFixture.verifier(clock: clock)
        let mine = [token(subject: "gone"), token(subject: "gone", ttl: 1800), token(subject: "gone", ttl: 900)]
        let theirs = token(subject: "stays")
        for token in mine + [theirs] { _ = try await verifier.verify(token) }
        verifier.apply(.deletedUser("gone"))
        for token in mine { #expect(verifier.cachedIdentity(for: token) == nil) }
        #expect(verifier.cachedIdentity(for: theirs) != nil)
        verifier.apply(.everything)
        #expect(verifier.cachedIdentity(for: theirs) == nil)
    }

    @Test func aVerificationThatBeganBeforeARevocationIsNotCached() async throws {
        let verifier = try IdentityFixture.verifier(clock: clock)
        let token = token(subject: "racer")
        let ticket = verifier.admissionTicket()
        let identity = try await verifier.verifyWithoutCaching(token)
        #expect(verifier.cachedIdentity(for: token) == nil)
        verifier.apply(.token(TokenDigest(of: token).hex))  // the logout lands while the caller checks the store
        verifier.admit(identity, for: token, ticket: ticket)
        #expect(verifier.cachedIdentity(for: token) == nil)
        verifier.admit(identity, for: token, ticket: verifier.admissionTicket())
        #expect(verifier.cachedIdentity(for: token) == identity)
    }
}
