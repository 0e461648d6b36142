import Basics
public import Storage
import Upstream
import FoundationEssentials
import Logging

extension BillingService {
    /// Subscription states after which there is nothing left to cancel.
    package static let endedStatuses: Set<String> = ["canceled", "incomplete_expired"]

    /// Whether `user` has a Stripe subscription that has not ended.
    package static func hasLiveSubscription(_ user: UserRecord) -> Bool {
        guard let id = user.stripeSubscriptionID, !id.isEmpty else { return false }
        return !endedStatuses.contains(user.subscriptionStatus ?? "")
    }

    /// Cancels the user's Stripe subscription at once (account deletion): `DELETE /v1/subscriptions/{id}`. Nothing
    /// to do without a subscription or when it already ended; Stripe's 404 (already gone) counts as done. Returns
    /// whether a cancellation was sent.
    @discardableResult
    package func cancelSubscription(of user: UserRecord) async throws -> Bool {
        guard Self.hasLiveSubscription(user), let id = user.stripeSubscriptionID else { return false }
        try await client.cancelSubscription(id: id)
        logger.info("subscription cancelled with the account", metadata: ["user_id": "\(user.id)", "subscription": "\(id)"])
        return true
    }
}

extension StripeClient {
    /// `DELETE /v1/subscriptions/{id}`: cancels now (no proration invoice). A 404 means it is already gone.
    func cancelSubscription(id: String) async throws(BillingError) {
        // Subscription ids are `sub_` plus letters and digits: nothing else goes into the path.
        guard id.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == 0x5F }) else {
            throw .invalidRequest("Invalid subscription id")
        }
        let request = UpstreamRequest(method: "DELETE", url: baseURL + "/v1/subscriptions/" + id, headers: [
            ("Authorization", "Bearer " + secretKey.value),
            ("Stripe-Version", Self.apiVersion),
            ("Accept", "application/json"),
        ], timeout: timeout)
        let response: UpstreamResponse
        do {
            response = try await pool.send(request)
        } catch {
            throw error.reason == .timeout ? .stripeTimeout : .stripeUnavailable(error.description)
        }
        guard (200..<300).contains(response.status) || response.status == 404 else {
            let decoded = try? JSONDecoder().decode(StripeErrorBody.self, from: Data(response.body))
            throw .stripeRejected(status: response.status, type: decoded?.error.type,
                                  message: decoded?.error.message ?? "HTTP \(response.status)")
        }
    }
}
