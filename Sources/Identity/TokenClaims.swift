import FoundationEssentials

/// The registered and Supabase claims of a verified token's payload.
///
/// Registered claims must have their RFC 7519 types (a wrong type makes the token malformed);
/// `user_metadata` is user-editable free-form JSON, read leniently and never trusted.
struct TokenClaims: Decodable {
    var sub: String?
    var email: String?
    var role: String?
    var aud: TokenAudience?
    var iss: String?
    var exp: TokenDate?
    var nbf: TokenDate?
    var iat: TokenDate?
    var sessionID: String?
    var userMetadata: TokenUserMetadata?

    private enum CodingKeys: String, CodingKey {
        case sub, email, role, aud, iss, exp, nbf, iat
        case sessionID = "session_id"
        case userMetadata = "user_metadata"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sub = try c.decodeIfPresent(String.self, forKey: .sub)
        email = try c.decodeIfPresent(String.self, forKey: .email)
        role = try c.decodeIfPresent(String.self, forKey: .role)
        aud = try c.decodeIfPresent(TokenAudience.self, forKey: .aud)
        iss = try c.decodeIfPresent(String.self, forKey: .iss)
        exp = try c.decodeIfPresent(TokenDate.self, forKey: .exp)
        nbf = try c.decodeIfPresent(TokenDate.self, forKey: .nbf)
        iat = try c.decodeIfPresent(TokenDate.self, forKey: .iat)
        sessionID = try? c.decodeIfPresent(String.self, forKey: .sessionID)
        userMetadata = try? c.decodeIfPresent(TokenUserMetadata.self, forKey: .userMetadata)
    }

    static func decode(_ payload: [UInt8]) throws(AuthFailure) -> TokenClaims {
        do {
            return try JSONDecoder().decode(TokenClaims.self, from: Data(payload))
        } catch {
            throw .invalidToken(reason: "payload is not a JSON object with well-typed claims")
        }
    }
}

/// A JSON number of seconds since the epoch (RFC 7519 §2), within year 1970…9999.
struct TokenDate: Decodable {
    static let latest = 253_402_300_799.0
    var seconds: Double

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let value = try c.decode(Double.self)
        guard value.isFinite, value >= 0, value <= Self.latest else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "date out of range")
        }
        seconds = value
    }

    /// The last whole second at or before this date.
    var floor: Int { Int(seconds.rounded(.down)) }
    /// The first whole second at or after this date.
    var ceiling: Int { Int(seconds.rounded(.up)) }
}

/// The display fields of Supabase's `user_metadata`; anything malformed reads as absent.
struct TokenUserMetadata: Decodable {
    var name: String?
    var pictureURL: String?

    private enum CodingKeys: String, CodingKey {
        case fullName = "full_name", name, avatarURL = "avatar_url", picture
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func text(_ key: CodingKeys) -> String? {
            guard let value = try? c.decodeIfPresent(String.self, forKey: key), !value.isEmpty else { return nil }
            return value
        }
        name = text(.fullName) ?? text(.name)
        pictureURL = text(.avatarURL) ?? text(.picture)
    }
}
