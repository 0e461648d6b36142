/// The body of `POST /api/subscriptions/create-checkout`: `{"plan","interval"?}` as the desktop client sends it,
/// or the legacy `{"priceId"}`, with optional `successUrl` / `cancelUrl`.
package struct CheckoutRequest: Decodable, Sendable, Equatable {
    var plan: String?
    var interval: String?
    var priceId: String?
    var successUrl: String?
    var cancelUrl: String?
}
