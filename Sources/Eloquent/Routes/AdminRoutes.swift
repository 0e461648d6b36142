import Identity
import Transcription
import Accounts
import Basics
import HTTPServer
import HTTP1
import Storage

/// `/api/admin/*` for admins (`ADMIN_EMAILS`, or a stored role `admin`): every route changes what it says it changes.
struct AdminRoutes {
    let auth: AuthMiddleware
    let store: any Store
    let config: Config
    let deletion: AccountDeletion

    struct PlanBody: Decodable { var plan: String? }
    struct RoleBody: Decodable { var role: String? }
    struct BulkBody: Decodable {
        struct Updates: Decodable { var plan: String?; var role: String? }
        var user_ids: [String]?
        var updates: Updates?
    }

    func register(in router: inout Router) {
        let store = store
        let deletion = deletion
        let admin = AdminGate(store: store, config: config)
        router.add("GET", "/api/admin/users", through: [auth, admin]) { request in
            let offset = try Self.intQuery(request, "offset", default: 0, range: 0...Int(Int32.max))
            let limit = try Self.intQuery(request, "limit", default: 100, range: 1...500)
            return .json(UsersResponse(users: try await store.listUsers(offset: offset, limit: limit, plan: nil).map(AccountJSON.full)))
        }
        router.add("GET", "/api/admin/search", through: [auth, admin]) { request in
            guard let query = request.queryValue("q")?.trimmed(), !query.isEmpty else { throw HTTPError(400, "Search query is required") }
            guard query.utf8.count <= 200 else { throw HTTPError(400, "Search query is too long (max 200 bytes)") }
            let limit = try Self.intQuery(request, "limit", default: 50, range: 1...100)
            return .json(UsersResponse(users: try await store.searchUsers(query: query, limit: limit).map(AccountJSON.full)))
        }
        router.add("GET", "/api/admin/users/plan/:plan", through: [auth, admin]) { request in
            let plan = try Self.plan(request.parameters["plan"])
            return .json(UsersResponse(users: try await store.listUsers(offset: 0, limit: 500, plan: plan).map(AccountJSON.full)))
        }
        router.add("GET", "/api/admin/stats", through: [auth, admin]) { _ in
            let now = SystemClock.wallClock().seconds
            let stats = try await store.adminStatistics(activeSince: now - 86_400, signedUpSince: now - 7 * 86_400)
            let rate = stats.usageRecords == 0 ? 100 : (Double(stats.successfulUsageRecords) / Double(stats.usageRecords) * 1000).rounded() / 10
            var plans: [String: Int] = [:]
            for plan in Plan.allCases { plans[plan.rawValue] = stats.usersByPlan[plan] ?? 0 }
            return .json(AdminStats(total_users: stats.totalUsers, active_users_24h: stats.activeUsers, total_requests: stats.usageRecords,
                                    success_rate: rate, plans: plans, recent_signups: stats.recentSignups))
        }
        router.add("GET", "/api/admin/users/:id", through: [auth, admin]) { request in
            let id = request.parameters["id"] ?? ""
            guard let user = try await store.user(id: id) else { throw HTTPError(404, "User not found") }
            let usage = try await AccountRoutes.usage(user, store: store)
            let logs = try await store.usageHistory(userID: id, limit: 100).map(AccountJSON.usageLog)
            return .json(UserDetail(user: AccountJSON.full(user), usage_stats: usage, usage_logs: logs))
        }
        router.add("PUT", "/api/admin/users/:id/plan", through: [auth, admin]) { request in
            let body = try await RequestJSON.decode(PlanBody.self, request)
            let plan = try Self.plan(body.plan)
            guard try await store.setPlan(userID: request.parameters["id"] ?? "", plan: plan, now: SystemClock.wallClock().seconds) else {
                throw HTTPError(404, "User not found")
            }
            return .json("{\"message\":\"User plan updated successfully\",\"plan\":\(JSON.quote(plan.rawValue))}")
        }
        router.add("PUT", "/api/admin/users/:id/role", through: [auth, admin]) { request in
            let body = try await RequestJSON.decode(RoleBody.self, request)
            guard let text = body.role, let role = Role(rawValue: text) else { throw HTTPError(400, "Invalid role: use user or admin") }
            guard try await store.setRole(userID: request.parameters["id"] ?? "", role: role, now: SystemClock.wallClock().seconds) else {
                throw HTTPError(404, "User not found")
            }
            return .json("{\"message\":\"User role updated successfully\",\"role\":\(JSON.quote(role.rawValue))}")
        }
        router.add("POST", "/api/admin/users/:id/reset-usage", through: [auth, admin]) { request in
            let id = request.parameters["id"] ?? ""
            guard try await store.user(id: id) != nil else { throw HTTPError(404, "User not found") }
            try await store.resetUsage(userID: id, month: UsageMonth.of(SystemClock.wallClock().seconds))
            return .json("{\"message\":\"User usage reset successfully\"}")
        }
        router.add("DELETE", "/api/admin/users/:id", through: [auth, admin]) { request in
            let id = request.parameters["id"] ?? ""
            if id == (try request.requireIdentity()).userID { throw HTTPError(400, "Cannot delete your own account") }
            guard try await deletion.delete(userID: id, requireExisting: true) else { throw HTTPError(404, "User not found") }
            return .json("{\"message\":\"User deleted successfully\"}")
        }
        router.add("PUT", "/api/admin/users/bulk", through: [auth, admin]) { request in
            let body = try await RequestJSON.decode(BulkBody.self, request)
            guard let ids = body.user_ids, !ids.isEmpty else { throw HTTPError(400, "No user IDs provided") }
            guard ids.count <= 100 else { throw HTTPError(400, "Too many users (max 100)") }
            guard let updates = body.updates, updates.plan != nil || updates.role != nil else {
                throw HTTPError(400, "Nothing to update: give updates.plan and/or updates.role")
            }
            let plan = try updates.plan.map { try Self.plan($0) }
            let role = try updates.role.map { text -> Role in
                guard let role = Role(rawValue: text) else { throw HTTPError(400, "Invalid role: use user or admin") }
                return role
            }
            let now = SystemClock.wallClock().seconds
            var successful = 0
            for id in Set(ids) {
                var changed = false
                if let plan { changed = try await store.setPlan(userID: id, plan: plan, now: now) }
                if let role { changed = try await store.setRole(userID: id, role: role, now: now) || changed }
                if changed { successful += 1 }
            }
            let total = Set(ids).count
            return .json("{\"message\":\"Bulk update completed\",\"results\":{\"successful\":\(successful),\"failed\":\(total - successful),\"total\":\(total)}}")
        }
    }

    static func plan(_ text: String?) throws -> Plan {
        guard let text, let plan = Plan(rawValue: text) else {
            throw HTTPError(400, "Invalid plan: use free, starter, pro, unlimited or enterprise")
        }
        return plan
    }

    static func intQuery(_ request: Request, _ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = request.queryValue(name) else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw HTTPError(400, "\(name) must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }
}

/// Lets only admins through (after `AuthMiddleware`).
struct AdminGate: Middleware {
    let store: any Store
    let config: Config

    func handle(_ request: Request, next: any Responder) async throws -> Response {
        let identity = try request.requireIdentity()
        let user = try await UserResolver.resolve(identity, store)
        guard UserResolver.isAdmin(user, identity: identity, config: config) else { throw HTTPError(403, "Admin access required") }
        return try await next.respond(to: request)
    }
}

struct UsersResponse: Encodable { var users: [AccountJSON.FullUser] }
struct UserDetail: Encodable { var user: AccountJSON.FullUser; var usage_stats: AccountJSON.Usage; var usage_logs: [AccountJSON.UsageLog] }
struct AdminStats: Encodable {
    var total_users, active_users_24h, total_requests: Int
    var success_rate: Double
    var plans: [String: Int]
    var recent_signups: Int
}

extension UserResolver {
    /// Admins are the users whose email is in `ADMIN_EMAILS` or whose stored role is `admin`.
    static func isAdmin(_ user: UserRecord, identity: Identity, config: Config) -> Bool {
        if user.role == .admin { return true }
        let emails = [identity.email, user.email].compactMap { $0 }.filter { !$0.isEmpty }
        return emails.contains { config.isAdminEmail($0) }
    }
}
