/// The body of `POST /api/subscriptions/create-portal`: `{"returnUrl"?}`.
struct PortalRequest: Decodable, Sendable, Equatable {
    var returnUrl: String?
}
