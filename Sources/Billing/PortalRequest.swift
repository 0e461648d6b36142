/// The body of `POST /api/subscriptions/create-portal`: `{"returnUrl"?}`.
package struct PortalRequest: Decodable, Sendable, Equatable {
    var returnUrl: String?
}
