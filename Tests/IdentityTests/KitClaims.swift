import JWTKit

/// A payload jwt-kit can sign, for cross-implementation tests.
struct IdentityKitClaims: JWTPayload {
    var sub: String
    var aud = "authenticated"
    var exp: Int

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
