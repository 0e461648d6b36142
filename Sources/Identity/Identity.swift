/// The verified caller of a protected route, built only from a token whose signature and
/// claims have been checked (never from client-supplied data).
///
/// `name` and `pictureURL` come from Supabase's `user_metadata`, which the user can edit:
/// they are display hints, not facts to authorize on. Authorization (admin, plan) is decided
/// by the store and `ADMIN_EMAILS`, keyed on `userID`.
public struct Identity: Sendable, Equatable {
    /// The raw `role` claim Supabase gives a signed-in user; it maps to ``userRole``.
    public static let authenticatedRawRole = "authenticated"
    /// The application role of an ordinary signed-in user.
    public static let userRole = "user"

    /// The user id: the token's `sub`.
    public var userID: String
    /// The `email` claim, `nil` when absent or empty (phone and anonymous sign-ins).
    public var email: String?
    /// The application role: `user` for Supabase's `authenticated`, otherwise the raw role.
    public var role: String
    /// The token's `role` claim as signed (`authenticated` when the claim is absent).
    public var rawRole: String
    /// The token's `exp`, in seconds since the Unix epoch.
    public var expiresAt: Int
    /// The token's `iat`, when present.
    public var issuedAt: Int?
    /// Supabase's `session_id`, when present.
    public var sessionID: String?
    /// `user_metadata.full_name` (or `name`), when present.
    public var name: String?
    /// `user_metadata.avatar_url` (or `picture`), when present.
    public var pictureURL: String?

    public init(
        userID: String, email: String?, rawRole: String = Identity.authenticatedRawRole,
        expiresAt: Int, issuedAt: Int? = nil, sessionID: String? = nil,
        name: String? = nil, pictureURL: String? = nil
    ) {
        self.userID = userID
        self.email = email
        self.role = Identity.appRole(forRawRole: rawRole)
        self.rawRole = rawRole
        self.expiresAt = expiresAt
        self.issuedAt = issuedAt
        self.sessionID = sessionID
        self.name = name
        self.pictureURL = pictureURL
    }

    /// Maps a token's raw `role` claim to the application role.
    public static func appRole(forRawRole rawRole: String) -> String {
        rawRole == authenticatedRawRole ? userRole : rawRole
    }
}

extension Identity {
    /// Longest `name` kept (bytes, cut at a character boundary): a display hint the user can make as long as they like.
    public static let maxNameBytes = 256
    /// Longest `pictureURL` kept; a longer one is dropped (a cut URL is no URL).
    public static let maxPictureURLBytes = 2048
    /// Longest `sessionID` kept; a longer one is dropped.
    public static let maxSessionIDBytes = 320

    /// This identity with its user-editable display fields and optional claims capped in length, so that what a
    /// token carries cannot make a cached identity large (SPEC section 9: no unbounded memory).
    public func bounded() -> Identity {
        var copy = self
        if let name, name.utf8.count > Self.maxNameBytes {
            var cut = ""
            for character in name {
                if cut.utf8.count + character.utf8.count > Self.maxNameBytes { break }
                cut.append(character)
            }
            copy.name = cut
        }
        if let pictureURL, pictureURL.utf8.count > Self.maxPictureURLBytes { copy.pictureURL = nil }
        if let sessionID, sessionID.utf8.count > Self.maxSessionIDBytes { copy.sessionID = nil }
        return copy
    }

    /// Bytes this identity holds, roughly: its strings' UTF-8 and a fixed overhead for the rest.
    var approximateBytes: Int {
        128 + userID.utf8.count + (email?.utf8.count ?? 0) + role.utf8.count + rawRole.utf8.count
            + (sessionID?.utf8.count ?? 0) + (name?.utf8.count ?? 0) + (pictureURL?.utf8.count ?? 0)
    }
}
