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
