import Transcription
import Accounts
import Basics
import Identity
import HTTPServer
import HTTP1
import Storage
import FoundationEssentials
import Upstream

/// `/api/auth/*`: sign-in, validation, settings, logout, account deletion (SPEC section 3).
struct AccountRoutes {
    let auth: AuthMiddleware
    let verifier: TokenVerifier
    let store: any Store
    let sessions: SessionGuard
    let deletion: AccountDeletion

    struct SignIn: Decodable {
        var access_token: String?
        var refresh_token: String?
        var deviceId: String?
    }

    struct DeviceBody: Decodable { var deviceId: String? }

    func register(in router: inout Router) {
        let verifier = verifier
        let store = store
        let sessions = sessions
        let deletion = deletion
        router.post("/api/auth/google") { request in
            let body = try await RequestJSON.decode(SignIn.self, request)
            guard let token = body.access_token?.trimmed(), !token.isEmpty else { throw HTTPError(400, "access_token is required") }
            // Checked before anything is written: a refused sign-in leaves no row behind.
            let device = try Self.deviceID(body.deviceId)
            let identity: Identity
            do {
                identity = try await verifier.verify(token)
            } catch {
                throw HTTPError(401, "Invalid token")
            }
            // A deleted account's token never recreates it; a logged-out token stays out.
            if let refusal = try await sessions.refusal(for: identity, token: token) { throw HTTPError(refusal.status, refusal.message) }
            // The row is built from the token's verified claims, never from client-supplied user data.
            let now = SystemClock.wallClock().seconds
            let user = try await store.upsertUserFromSignIn(id: identity.userID, email: identity.email ?? "", name: identity.name,
                                                            pictureURL: identity.pictureURL, now: now)
            if let device { _ = try await store.registerDevice(userID: user.id, deviceID: device, now: now) }
            let usage = try await Self.usage(user, store: store)
            return .json(SignInResponse(success: true, user: AccountJSON.summary(user),
                                        tokens: .init(access_token: token, refresh_token: body.refresh_token, expires_at: identity.expiresAt),
                                        subscription: AccountJSON.subscription(user), usage: usage))
        }
        router.add("POST", "/api/auth/validate", through: [auth]) { request in
            let identity = try request.requireIdentity()
            let user = try await UserResolver.resolve(identity, store)
            if request.body.declaredLength != 0, let body = try? await RequestJSON.decode(DeviceBody.self, request),
               let device = try Self.deviceID(body.deviceId) {
                _ = try await store.registerDevice(userID: user.id, deviceID: device, now: SystemClock.wallClock().seconds)
            }
            return .json(ValidateResponse(valid: true, user: AccountJSON.summary(user), subscription: AccountJSON.subscription(user),
                                          usage: try await Self.usage(user, store: store)))
        }
        router.add("PUT", "/api/auth/settings", through: [auth]) { request in
            let identity = try request.requireIdentity()
            let patch = try await RequestJSON.decode(UserSettingsPatch.self, request)
            if let language = patch.language, language.isEmpty || language.utf8.count > 16 { throw HTTPError(400, "Invalid language") }
            if let aiMode = patch.aiMode, aiMode.isEmpty || aiMode.utf8.count > 32 { throw HTTPError(400, "Invalid aiMode") }
            if let name = patch.name, name.utf8.count > 200 { throw HTTPError(400, "Invalid name") }
            let user = try await UserResolver.resolve(identity, store)
            guard let settings = try await store.updateSettings(userID: user.id, patch: patch, now: SystemClock.wallClock().seconds) else {
                throw HTTPError(404, "User not found")
            }
            return .json(SettingsResponse(success: true, settings: settings))
        }
        router.add("POST", "/api/auth/logout", through: [auth]) { request in
            let identity = try request.requireIdentity()
            if request.attributes[APIKeyIDKey.self] != nil {
                throw HTTPError(400, "An API key is not a session: revoke it with DELETE /api/keys/:id")
            }
            if let token = try? BearerToken.extract(request.headers["Authorization"]) {
                // Revoked here until it expires (it stays valid at the identity provider, which this server cannot
                // change), then dropped from the cache.
                try await sessions.revoke(token: token, expiresAt: identity.expiresAt)
                _ = verifier.evict(token: token)
            }
            return .json("{\"success\":true}")
        }
        router.add("DELETE", "/api/auth/account", through: [auth]) { request in
            let identity = try request.requireIdentity()
            try await deletion.delete(userID: identity.userID, token: try? BearerToken.extract(request.headers["Authorization"]))
            return .json("{\"success\":true,\"message\":\"Account deleted\"}")
        }
    }

    static func usage(_ user: UserRecord, store: any Store) async throws -> AccountJSON.Usage {
        let seconds = try await store.monthSeconds(userID: user.id, month: UsageMonth.of(SystemClock.wallClock().seconds))
        return AccountJSON.Usage(UsageFigures(monthSeconds: seconds, plan: user.plan))
    }

    static func deviceID(_ value: String?) throws -> String? {
        guard let value = value?.trimmed(), !value.isEmpty else { return nil }
        guard value.utf8.count <= 200, value.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else {
            throw HTTPError(400, "Invalid deviceId")
        }
        return value
    }

}

struct SignInResponse: Encodable {
    struct Tokens: Encodable { var access_token: String; var refresh_token: String?; var expires_at: Int }
    var success: Bool
    var user: AccountJSON.Summary
    var tokens: Tokens
    var subscription: AccountJSON.Subscription
    var usage: AccountJSON.Usage
}

struct ValidateResponse: Encodable {
    var valid: Bool
    var user: AccountJSON.Summary
    var subscription: AccountJSON.Subscription
    var usage: AccountJSON.Usage
}

struct SettingsResponse: Encodable {
    var success: Bool
    var settings: UserSettings
}

/// Supabase's admin API (through the `supabase` pool): deleting the auth user with the account.
struct SupabaseAdmin: Sendable {
    let baseURL: String
    let serviceKey: String
    let pool: UpstreamPool

    func deleteUser(id: String) async throws {
        // Only ASCII letters, digits and '-' (Supabase ids are UUIDs) go into the URL path, never escaped text.
        let escaped = id.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == 0x2D } ? id : ""
        guard !escaped.isEmpty else { throw HTTPError(400, "Invalid user id") }
        let request = UpstreamRequest(method: "DELETE", url: baseURL + "/auth/v1/admin/users/" + escaped,
                                      headers: [("apikey", serviceKey), ("Authorization", "Bearer " + serviceKey)])
        let response: UpstreamResponse
        do {
            response = try await pool.send(request)
        } catch {
            throw HTTPError(502, "Identity provider unavailable; the account was not deleted")
        }
        guard (200..<300).contains(response.status) || response.status == 404 else {
            throw HTTPError(502, "Identity provider refused to delete the user (\(response.status)); the account was not deleted")
        }
    }
}
