/// The fields read from a created Stripe object.
struct StripeCreated: Decodable, Sendable {
    var id: String?
    var url: String?
}
