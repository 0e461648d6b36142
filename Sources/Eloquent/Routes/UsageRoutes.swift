import Transcription
import Accounts
import Basics
import HTTPServer
import HTTP1
import Storage

/// `/api/usage/*`: the month's figures, the history of usage records, on-device usage reports.
struct UsageRoutes {
    let auth: AuthMiddleware
    let store: any Store
    /// Keeps the figures and the history per user until a write changes them (`RESPONSE_CACHE_TTL`).
    var cached: ResponseCacheMiddleware? = nil
    static let defaultHistory = 50
    static let maxHistory = 500

    struct Report: Decodable {
        var duration_seconds: Double?
        var mode: String?
        var language: String?
    }

    func register(in router: inout Router) {
        let store = store
        let reads: [any Middleware] = [auth] + [cached].compactMap { $0 }
        router.add("GET", "/api/usage/stats", through: reads) { request in
            let user = try await UserResolver.resolve(try request.requireIdentity(), store)
            return .json(try await AccountRoutes.usage(user, store: store))
        }
        router.add("GET", "/api/usage/history", through: reads) { request in
            var limit = Self.defaultHistory
            if let text = request.queryValue("limit") {
                guard let value = Int(text), (1...Self.maxHistory).contains(value) else {
                    throw HTTPError(400, "limit must be an integer from 1 to \(Self.maxHistory)")
                }
                limit = value
            }
            let user = try await UserResolver.resolve(try request.requireIdentity(), store)
            let history = try await store.usageHistory(userID: user.id, limit: limit).map(AccountJSON.usageLog)
            return .json(HistoryResponse(history: history))
        }
        router.add("POST", "/api/usage/report", through: [auth]) { request in
            let report = try await RequestJSON.decode(Report.self, request)
            guard let seconds = report.duration_seconds, seconds.isFinite, seconds > 0, seconds <= 24 * 3600 else {
                throw HTTPError(400, "duration_seconds must be a number of seconds greater than 0 (at most 86400)")
            }
            let mode = report.mode?.trimmed().lowercased() ?? "standard"
            guard TranscribeRoutes.modes.contains(mode) else { throw HTTPError(400, "Invalid mode: use standard, grammar or rewrite") }
            let language = report.language?.trimmed() ?? "en"
            guard !language.isEmpty, language.utf8.count <= 16 else { throw HTTPError(400, "Invalid language") }
            let user = try await UserResolver.resolve(try request.requireIdentity(), store)
            let entry = UsageEntry(userID: user.id, seconds: seconds, mode: mode, language: language, processingTimeMs: 0, success: true)
            switch try await store.recordUsage(entry, now: SystemClock.wallClock().seconds, limitSeconds: PlanCatalog.limits(for: user.plan).monthlySeconds) {
            case .recorded(_, let monthSeconds):
                return .json(ReportResponse(success: true, usage: AccountJSON.Usage(UsageFigures(monthSeconds: monthSeconds, plan: user.plan))))
            case .limitExceeded(let monthSeconds, _):
                throw Metering.limitReached(usedSeconds: monthSeconds, plan: user.plan)
            }
        }
    }
}

struct HistoryResponse: Encodable { var history: [AccountJSON.UsageLog] }
struct ReportResponse: Encodable { var success: Bool; var usage: AccountJSON.Usage }
