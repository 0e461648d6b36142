import Basics
extension StripeClient {
    /// How long a checkout idempotency key stays the same: repeated clicks within it return the same session.
    static let checkoutKeyBucketSeconds = 60

    /// Creates the customer of `userID` (`email`, `metadata[user_id]`); its id.
    /// The idempotency key is derived from the user and email, so concurrent first checkouts share one customer.
    func createCustomer(email: String, userID: String) async throws(BillingError) -> String {
        var form = StripeForm()
        if !email.isEmpty { form.add("email", email) }
        form.add("metadata[user_id]", userID)
        let key = IdempotencyKey.derived("customer", [userID, email])
        let created = try await post("/v1/customers", form: form, idempotencyKey: key, as: StripeCreated.self)
        guard let id = created.id, !id.isEmpty else { throw .stripeInvalidResponse("customer without id") }
        return id
    }

    /// Creates a subscription checkout session for `customer` at `price`, tied to `userID` through
    /// `client_reference_id` and `metadata[user_id]`; its id and URL.
    func createCheckoutSession(customer: String, price: String, userID: String, successURL: String,
                               cancelURL: String) async throws(BillingError) -> (id: String, url: String) {
        var form = StripeForm()
        form.add("mode", "subscription")
        form.add("customer", customer)
        form.add("client_reference_id", userID)
        form.add("metadata[user_id]", userID)
        form.add("subscription_data[metadata][user_id]", userID)
        form.add("line_items[0][price]", price)
        form.add("line_items[0][quantity]", "1")
        form.add("success_url", successURL)
        form.add("cancel_url", cancelURL)
        let bucket = clock.now() / Self.checkoutKeyBucketSeconds
        let key = IdempotencyKey.derived("checkout", [userID, customer, price, successURL, cancelURL, String(bucket)])
        let created = try await post("/v1/checkout/sessions", form: form, idempotencyKey: key, as: StripeCreated.self)
        guard let id = created.id, !id.isEmpty, let url = created.url, !url.isEmpty else {
            throw .stripeInvalidResponse("checkout session without id or url")
        }
        return (id, url)
    }

    /// Creates a billing-portal session for `customer`; its URL.
    func createPortalSession(customer: String, returnURL: String) async throws(BillingError) -> String {
        var form = StripeForm()
        form.add("customer", customer)
        form.add("return_url", returnURL)
        let created = try await post("/v1/billing_portal/sessions", form: form,
                                     idempotencyKey: IdempotencyKey.random("portal"), as: StripeCreated.self)
        guard let url = created.url, !url.isEmpty else { throw .stripeInvalidResponse("portal session without url") }
        return url
    }
}

