import Accounts
import Basics
import HTTPServer
import HTTP1
import Storage
import Identity
import Transcription

/// `/api/keys` (SPEC section 3): API keys for plans with `api_access`. A key is shown once, at creation; only its
/// prefix and hash are kept. Deleting a key revokes it at once.
struct APIKeyRoutes {
    static let maxNameLength = 100

    let auth: AuthMiddleware
    let store: any Store
    let sessions: SessionGuard

    struct CreateBody: Decodable { var name: String? }

    func register(in router: inout Router) {
        let store = store
        let sessions = sessions
        router.add("POST", "/api/keys", through: [auth]) { request in
            let user = try await UserResolver.resolve(try request.requireIdentity(), store)
            guard PlanCatalog.allows(user.plan, .apiAccess) else { throw UsageRefusal.featureNotInPlan(.apiAccess, plan: user.plan) }
            let body = request.body.isEmpty ? CreateBody() : try await RequestJSON.decode(CreateBody.self, request)
            let name = (body.name ?? "").trimmed()
            guard name.count <= Self.maxNameLength, name.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else {
                throw HTTPError(400, "name must be at most \(Self.maxNameLength) characters without control characters")
            }
            let (record, key) = try await sessions.createKey(for: user, name: name.isEmpty ? "API key" : name)
            return .json("{\"id\":\(JSON.quote(record.id)),\"name\":\(JSON.quote(record.name)),\"key\":\(JSON.quote(key)),"
                + "\"prefix\":\(JSON.quote(record.prefix)),\"created_at\":\(JSON.quote(AccountJSON.time(record.createdAt)))}", status: 201)
        }
        router.add("GET", "/api/keys", through: [auth]) { request in
            let identity = try request.requireIdentity()
            let keys = try await sessions.keys.apiKeys(userID: identity.userID).map { record in
                "{\"id\":\(JSON.quote(record.id)),\"name\":\(JSON.quote(record.name)),\"prefix\":\(JSON.quote(record.prefix)),"
                    + "\"created_at\":\(JSON.quote(AccountJSON.time(record.createdAt))),"
                    + "\"last_used_at\":\(sessions.lastUsed(record).map { JSON.quote(AccountJSON.time($0)) } ?? "null")}"
            }
            return .json("{\"keys\":[" + keys.joined(separator: ",") + "]}")
        }
        router.add("DELETE", "/api/keys/:id", through: [auth]) { request in
            let identity = try request.requireIdentity()
            guard try await sessions.keys.deleteAPIKey(id: request.parameters["id"] ?? "", userID: identity.userID) else {
                throw HTTPError(404, "API key not found")
            }
            return .json("{\"success\":true}")
        }
    }
}
