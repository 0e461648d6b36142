import Storage

/// The stored user behind a verified identity, created from the token's verified claims on first sight.
enum UserResolver {
    static func resolve(_ identity: Identity, store: any Store, now: Int = SystemClock.wallClock().seconds) async throws -> UserRecord {
        if let user = try await store.user(id: identity.userID) { return user }
        return try await store.upsertUserFromSignIn(id: identity.userID, email: identity.email ?? "", name: identity.name,
                                                    pictureURL: identity.pictureURL, now: now)
    }

    /// Admins are the users whose email is in `ADMIN_EMAILS` or whose stored role is `admin`.
    static func isAdmin(_ user: UserRecord, identity: Identity, config: Config) -> Bool {
        if user.role == .admin { return true }
        let emails = [identity.email, user.email].compactMap { $0 }.filter { !$0.isEmpty }
        return emails.contains { config.isAdminEmail($0) }
    }
}
