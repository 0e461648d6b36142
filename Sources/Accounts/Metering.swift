public import Basics
public import Identity
public import Storage
public import Logging

/// Usage metering around a transcription: the plan's limit and features are checked before (403 bodies of SPEC
/// section 3); a success adds its seconds atomically and writes a usage record; a failure is recorded as failed and
/// charges nothing.
package struct Metering: Sendable {
    let store: any Store
    let logger: Logger

    package init(store: any Store, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// The user, once the plan has time left this month (checked before the upload is read).
    package func admit(_ identity: Identity) async throws -> UserRecord {
        let user = try await UserResolver.resolve(identity, store)
        if let limit = PlanCatalog.limits(for: user.plan).monthlySeconds {
            let used = try await store.monthSeconds(userID: user.id, month: UsageMonth.of(SystemClock.wallClock().seconds))
            if used >= limit { throw Self.limitReached(usedSeconds: used, plan: user.plan) }
        }
        return user
    }

    /// `rewrite` needs the plan's `ai_rewrite` feature.
    package func requireFeatures(_ user: UserRecord, mode: String) throws(UsageRefusal) {
        if mode == "rewrite", !PlanCatalog.allows(user.plan, .aiRewrite) {
            throw .featureNotInPlan(.aiRewrite, plan: user.plan)
        }
    }

    package static func limitReached(usedSeconds: Double, plan: Plan) -> UsageRefusal {
        .limitReached(UsageFigures(monthSeconds: usedSeconds, plan: plan))
    }

    /// Adds a successful transcription's seconds; returns the month's new figures.
    package func recordSuccess(_ user: UserRecord, seconds: Double, mode: String, language: String, processingMs: Int) async throws -> UsageFigures {
        let entry = UsageEntry(userID: user.id, seconds: max(0, seconds), mode: mode, language: language,
                               processingTimeMs: processingMs, success: true, errorMessage: nil)
        switch try await store.recordUsage(entry, now: SystemClock.wallClock().seconds, limitSeconds: nil) {
        case .recorded(_, let monthSeconds), .limitExceeded(let monthSeconds, _):
            return UsageFigures(monthSeconds: monthSeconds, plan: user.plan)
        }
    }

    /// Records a failed transcription (no charge) with a short readable `reason`. Never throws: the client gets the
    /// original error. Only transcriptions that reached the provider are recorded (the app decides, SPEC section 3).
    package func recordFailure(_ user: UserRecord, mode: String, language: String, processingMs: Int, reason: String) async {
        let entry = UsageEntry(userID: user.id, seconds: 0, mode: mode, language: language, processingTimeMs: processingMs,
                               success: false, errorMessage: String(reason.prefix(500)))
        do {
            _ = try await store.recordUsage(entry, now: SystemClock.wallClock().seconds, limitSeconds: nil)
        } catch {
            logger.warning("could not record a failed transcription", metadata: ["error": "\(error)"])
        }
    }
}

/// Why metering refused a transcription before it ran (the app answers 403 with the figures).
package enum UsageRefusal: Error, Sendable, Equatable {
    /// The month's usage has reached the plan's limit.
    case limitReached(UsageFigures)
    /// The request needs a feature the user's plan does not include.
    case featureNotInPlan(PlanFeature, plan: Plan)
}

/// A user's month in whole minutes: `current_month` is the month's seconds rounded up (90 s and 125 s show as 4);
/// unlimited plans give `limit` and `remaining` −1.
package struct UsageFigures: Sendable, Equatable, Encodable {
    package var current_month: Int
    package var limit: Int
    package var remaining: Int

    package init(monthSeconds: Double, plan: Plan) {
        let used = Int((monthSeconds / 60).rounded(.up))
        current_month = used
        let minutes = PlanCatalog.limits(for: plan).minutes
        limit = minutes
        remaining = minutes < 0 ? -1 : max(0, minutes - used)
    }
}
