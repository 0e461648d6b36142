/// Stripe's error answer: `{"error":{"message","type","code"?}}`.
struct StripeErrorBody: Decodable, Sendable {
    struct Detail: Decodable, Sendable {
        var message: String?
        var type: String?
        var code: String?
    }

    var error: Detail
}
