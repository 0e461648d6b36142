public import Basics
public import Identity
public import Storage

/// The stored user behind a verified identity. A valid token may belong to someone who never called the sign-in
/// route (or whose row was deleted): their row is then created from the token's verified claims, exactly as
/// sign-in would, so every protected route can rely on a user row.
public enum UserResolver {
    /// The user row of `identity`, created from its claims (`sub`, `email`, `name`, picture) when missing.
    public static func resolve(_ identity: Identity, _ store: any Store, now: Int = EpochClock.system.now()) async throws -> UserRecord {
        if let user = try await store.user(id: identity.userID) { return user }
        return try await store.upsertUserFromSignIn(
            id: identity.userID, email: identity.email ?? "", name: identity.name,
            pictureURL: identity.pictureURL, now: now)
    }
}
