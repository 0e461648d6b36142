import TestSupport
@testable import Identity
import Testing

@Suite struct IdentityMalformedTokenTests {
    let clock = IdentityManualClock()

    private func failure(_ token: String) async throws -> AuthFailure? {
        let verifier = try IdentityFixture.verifier(clock: clock)
        return await IdentityFixture.failure { () async throws(AuthFailure) in try await verifier.verify(token) }
    }

    private var valid: String { IdentityFixture.token(claims: IdentityTestClaims()) }

    @Test func theUnmodifiedTokenIsAccepted() async throws {
        #expect(try await failure(valid) == nil)
    }

    @Test func wrongSegmentCountsAreRefused() async throws {
        let parts = valid.split(separator: ".").map(String.init)
        #expect(try await failure(parts[0])?.reason == "token has 1 segments, expected 3")
        #expect(try await failure(parts[0] + "." + parts[1])?.reason == "token has 2 segments, expected 3")
        #expect(try await failure(valid + "." + parts[2])?.reason == "token has 4 segments, expected 3")
        #expect(try await failure(valid + ".")?.reason == "token has 4 segments, expected 3")
        #expect(try await failure("")?.reason == "token has 1 segments, expected 3")
        #expect(try await failure("..")?.reason == "empty header or payload segment")
        #expect(try await failure("." + parts[1] + "." + parts[2])?.reason == "empty header or payload segment")
    }

    @Test func badBase64IsRefused() async throws {
        let parts = valid.split(separator: ".").map(String.init)
        for header in [parts[0] + "=", parts[0] + "==", "ey+J", "ey/J", "e*yJ", parts[0] + "A", "eyJ hbGc"] {
            #expect(try await failure(header + "." + parts[1] + "." + parts[2]) != nil, "header \(header)")
        }
        #expect(try await failure(parts[0] + "." + parts[1] + "!" + "." + parts[2])?.reason == "payload is not base64url")
        #expect(try await failure(parts[0] + "." + parts[1] + "." + parts[2] + "=")?.reason == "signature is not base64url")
        #expect(try await failure(parts[0] + "." + parts[1] + ".%%%")?.reason == "signature is not base64url")
    }

    @Test func nonJSONHeaderIsRefused() async throws {
        let parts = valid.split(separator: ".").map(String.init)
        for header in ["not json", "", "{", "[]", "\"HS256\"", #"{"alg":"HS256""#] {
            let token = Base64URL.encode(Array(header.utf8)) + "." + parts[1] + "." + parts[2]
            #expect(try await failure(token) != nil, "header \(header)")
        }
    }

    @Test func truncatedTokensAreRefused() async throws {
        let token = valid
        for cut in stride(from: 1, to: token.count, by: 7) {
            #expect(try await failure(String(token.dropLast(cut))) != nil, "cut \(cut)")
        }
    }

    @Test func everySingleCharacterChangeIsRefused() async throws {
        let bytes = Array(valid.utf8)
        for index in bytes.indices where bytes[index] != UInt8(ascii: ".") {
            var mutated = bytes
            mutated[index] = bytes[index] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            let token = String(decoding: mutated, as: UTF8.self)
            #expect(try await failure(token) != nil, "position \(index)")
        }
    }

    @Test func hugeTokensAreRefusedBeforeParsing() async throws {
        var claims = IdentityTestClaims()
        claims.userMetadata = ["full_name": String(repeating: "x", count: 7_000)]
        let huge = IdentityFixture.token(claims: claims)
        #expect(huge.utf8.count > TokenVerifier.maxTokenBytes)
        #expect(try await failure(huge)?.reason?.contains("exceeds") == true)
        let verifier = try IdentityFixture.verifier(clock: clock)
        #expect(verifier.cachedIdentity(for: huge) == nil)
        #expect(verifier.cacheStats.misses == 0)
        claims.userMetadata = ["full_name": String(repeating: "x", count: 5_000)]
        #expect(try await failure(IdentityFixture.token(claims: claims)) == nil)
    }

    @Test func randomGarbageIsRefused() async throws {
        var generator = SplitMix64(seed: 42)
        let alphabet = Array("ABCxyz019-_.=+/ {}\"".utf8)
        for _ in 0..<300 {
            let length = Int(generator.next() % 200)
            let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            #expect(try await failure(String(decoding: bytes, as: UTF8.self)) != nil)
        }
    }
}
