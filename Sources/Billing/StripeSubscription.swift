/// The fields read from a Subscription (`customer.subscription.*`). `current_period_end` is read from the
/// subscription, or from its items as newer API versions put it there.
struct StripeSubscription: Decodable, Sendable {
    struct Items: Decodable, Sendable { var data: [Item] }
    struct Item: Decodable, Sendable {
        var price: StripeReference?
        var currentPeriodEnd: Int?
        enum CodingKeys: String, CodingKey {
            case price
            case currentPeriodEnd = "current_period_end"
        }
    }

    /// The statuses that entitle the customer to the plan they pay for (`past_due` is Stripe's retry window).
    static let entitledStatuses: Set<String> = ["active", "trialing", "past_due"]

    var id: String
    var customer: StripeReference?
    var status: String?
    var items: Items?
    var currentPeriodEnd: Int?
    var endedAt: Int?

    enum CodingKeys: String, CodingKey {
        case id, customer, status, items
        case currentPeriodEnd = "current_period_end"
        case endedAt = "ended_at"
    }

    /// The price ids of the subscription's items, in order.
    var priceIDs: [String] { items?.data.compactMap { $0.price?.id } ?? [] }

    /// The end of the current billing period.
    var periodEnd: Int? { currentPeriodEnd ?? items?.data.compactMap(\.currentPeriodEnd).max() }

    var isEntitled: Bool { status.map(Self.entitledStatuses.contains) ?? false }
}
