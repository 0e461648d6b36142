public import Storage

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
