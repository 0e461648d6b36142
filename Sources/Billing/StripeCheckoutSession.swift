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
