import FoundationEssentials

/// Claims for hand-built tokens; `nil` fields are left out of the JSON.
struct IdentityTestClaims: Encodable {
    var sub: String? = IdentityFixture.userID
    var email: String? = "ada@example.com"
    var role: String? = "authenticated"
    var aud: String? = "authenticated"
    var audList: [String]?
    var iss: String?
    var exp: Int? = IdentityFixture.start + 3600
    var nbf: Int?
    var iat: Int? = IdentityFixture.start
    var sessionID: String?
    var userMetadata: [String: String]?

    private enum CodingKeys: String, CodingKey {
        case sub, email, role, aud, iss, exp, nbf, iat
        case sessionID = "session_id"
        case userMetadata = "user_metadata"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(sub, forKey: .sub)
        try c.encodeIfPresent(email, forKey: .email)
        try c.encodeIfPresent(role, forKey: .role)
        if let audList { try c.encode(audList, forKey: .aud) } else { try c.encodeIfPresent(aud, forKey: .aud) }
        try c.encodeIfPresent(iss, forKey: .iss)
        try c.encodeIfPresent(exp, forKey: .exp)
        try c.encodeIfPresent(nbf, forKey: .nbf)
        try c.encodeIfPresent(iat, forKey: .iat)
        try c.encodeIfPresent(sessionID, forKey: .sessionID)
        try c.encodeIfPresent(userMetadata, forKey: .userMetadata)
    }

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}
