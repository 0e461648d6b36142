/// A user's stored role. Admins are also the users whose email is in `ADMIN_EMAILS`; that rule
/// belongs to the application, not to the store.
public enum Role: String, Sendable, Codable, CaseIterable, Hashable {
    case user
    case admin

    /// The role for a stored value; anything unknown is `user`.
    public init(storedValue: String) {
        self = Role(rawValue: storedValue) ?? .user
    }
}
