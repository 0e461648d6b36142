import Basics
import Upstream
import FoundationEssentials

/// Stripe's REST API through the `stripe` upstream pool: form-encoded POSTs with `Authorization: Bearer <key>`, a
/// pinned `Stripe-Version` and an `Idempotency-Key` on every POST. Failures are `BillingError`s.
struct StripeClient: Sendable {
    /// The API version every request is made with, so that Stripe's answers keep the shapes this code reads.
    static let apiVersion = "2024-06-20"

    let pool: UpstreamPool
    /// `STRIPE_API_BASE` without a trailing slash, e.g. `https://api.stripe.com`.
    let baseURL: String
    let secretKey: Secret
    /// `STRIPE_TIMEOUT`; nil uses the pool's.
    let timeout: Duration?
    /// For time-bucketed idempotency keys.
    let clock: EpochClock

    init(pool: UpstreamPool, baseURL: HTTPURL, secretKey: Secret, timeout: Duration? = nil, clock: EpochClock = .system) {
        self.pool = pool
        self.baseURL = baseURL.description
        self.secretKey = secretKey
        self.timeout = timeout
        self.clock = clock
    }

    /// POSTs `form` to `path` (`/v1/…`) and decodes the 2xx answer as `T`.
    func post<T: Decodable>(_ path: String, form: StripeForm, idempotencyKey: String,
                            as type: T.Type) async throws(BillingError) -> T {
        let request = UpstreamRequest(method: "POST", url: baseURL + path, headers: [
            ("Authorization", "Bearer " + secretKey.value),
            ("Stripe-Version", Self.apiVersion),
            ("Idempotency-Key", idempotencyKey),
            ("Content-Type", StripeForm.contentType),
            ("Accept", "application/json"),
        ], body: form.encoded, timeout: timeout)
        let response: UpstreamResponse
        do {
            response = try await pool.send(request)
        } catch {
            throw error.reason == .timeout ? .stripeTimeout : .stripeUnavailable(error.description)
        }
        guard (200..<300).contains(response.status) else {
            let decoded = try? JSONDecoder().decode(StripeErrorBody.self, from: Data(response.body))
            throw .stripeRejected(status: response.status, type: decoded?.error.type,
                                  message: decoded?.error.message ?? "HTTP \(response.status)")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(response.body))
        } catch {
            throw .stripeInvalidResponse("\(path): \(error)")
        }
    }
}
