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

/// The fields read from a Checkout Session (`checkout.session.completed`).
struct StripeCheckoutSession: Decodable, Sendable {
    var id: String
    var mode: String?
    var customer: StripeReference?
    var subscription: StripeReference?
    var clientReferenceID: String?
    var metadata: [String: String]?

    enum CodingKeys: String, CodingKey {
        case id, mode, customer, subscription, metadata
        case clientReferenceID = "client_reference_id"
    }

    /// The user the session was created for: `client_reference_id`, else `metadata.user_id`.
    var userID: String? {
        if let clientReferenceID, !clientReferenceID.isEmpty { return clientReferenceID }
        if let id = metadata?["user_id"], !id.isEmpty { return id }
        return nil
    }
}

/// The fields read from a created Stripe object.
struct StripeCreated: Decodable, Sendable {
    var id: String?
    var url: String?
}

/// Stripe's error answer: `{"error":{"message","type","code"?}}`.
struct StripeErrorBody: Decodable, Sendable {
    struct Detail: Decodable, Sendable {
        var message: String?
        var type: String?
        var code: String?
    }

    var error: Detail
}

/// The envelope of a Stripe event: `{"id","type","created","data":{"object":{…}}}`. The object is decoded
/// separately, by type, as `StripeEventObject<T>`.
struct StripeEvent: Decodable, Sendable, Equatable {
    var id: String
    var type: String
    /// When Stripe created the event, epoch seconds; orders events for the same subscription.
    var created: Int
}

/// The object of an event, read as `T`.
struct StripeEventObject<T: Decodable & Sendable>: Decodable, Sendable {
    struct DataField: Decodable, Sendable { var object: T }
    var data: DataField
}

/// The fields read from an Invoice (`invoice.paid`, `invoice.payment_failed`). The subscription is read from
/// `subscription`, or from `parent.subscription_details.subscription` as newer API versions put it.
struct StripeInvoice: Decodable, Sendable {
    struct Parent: Decodable, Sendable {
        struct Details: Decodable, Sendable { var subscription: StripeReference? }
        var subscriptionDetails: Details?
        enum CodingKeys: String, CodingKey { case subscriptionDetails = "subscription_details" }
    }

    var id: String
    var customer: StripeReference?
    var subscription: StripeReference?
    var parent: Parent?

    var subscriptionID: String? { subscription?.id ?? parent?.subscriptionDetails?.subscription?.id }
}

/// A Stripe field that holds an object's id, either as a string (`"cus_123"`) or, when expanded, as the object
/// itself (`{"id":"cus_123",…}`).
struct StripeReference: Decodable, Sendable, Hashable {
    var id: String

    private struct Expanded: Decodable { var id: String }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let id = try? container.decode(String.self) {
            self.id = id
        } else {
            id = try container.decode(Expanded.self).id
        }
    }
}
