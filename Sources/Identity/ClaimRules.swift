/// The claim checks a token must pass once its signature is verified.
///
/// `exp` is required and `nbf` honoured when present, both with ``leeway`` seconds of
/// tolerance for clock skew between this server and the token issuer; `aud` must contain
/// ``audience``; `iss` must equal ``issuer`` when one is configured; `sub` must be non-empty.
struct ClaimRules: Sendable {
    var audience: String
    var issuer: String?
    var leeway: Int

    func identity(from claims: TokenClaims, now: Int) throws(AuthFailure) -> Identity {
        guard let exp = claims.exp else { throw .invalidToken(reason: "missing exp") }
        guard now < exp.floor + leeway else {
            throw .invalidToken(reason: "expired at \(exp.floor), now \(now)")
        }
        if let nbf = claims.nbf, now + leeway < nbf.ceiling {
            throw .invalidToken(reason: "not valid before \(nbf.ceiling), now \(now)")
        }
        guard let aud = claims.aud?.values, aud.contains(audience) else {
            throw .invalidToken(reason: "audience is not \(audience)")
        }
        if let issuer, claims.iss != issuer {
            throw .invalidToken(reason: "issuer is not \(issuer)")
        }
        guard let sub = claims.sub, !sub.isEmpty else {
            throw .invalidToken(reason: "missing sub")
        }
        let email = claims.email.flatMap { $0.isEmpty ? nil : $0 }
        let rawRole = claims.role.flatMap { $0.isEmpty ? nil : $0 } ?? Identity.authenticatedRawRole
        return Identity(
            userID: sub, email: email, rawRole: rawRole,
            expiresAt: exp.floor, issuedAt: claims.iat?.floor, sessionID: claims.sessionID,
            name: claims.userMetadata?.name, pictureURL: claims.userMetadata?.pictureURL)
    }
}
