import FoundationEssentials

/// A verified Stripe event, decoded into what the service acts on. Decoding happens before the event id is
/// recorded, so that an unreadable event is refused (and retried by Stripe) rather than remembered.
struct BillingEvent: Sendable {
    enum Payload: Sendable {
        case checkoutCompleted(StripeCheckoutSession)
        /// `customer.subscription.created|updated` (`deleted` false) or `…deleted` (true).
        case subscription(StripeSubscription, deleted: Bool)
        /// `invoice.paid` (`paid` true) or `invoice.payment_failed` (false).
        case invoice(StripeInvoice, paid: Bool)
        /// Any other type: acknowledged, nothing done.
        case unhandled
    }

    var envelope: StripeEvent
    var payload: Payload

    /// Decodes `body`; `.invalidEvent` when it is not a Stripe event or a handled type's object is unreadable.
    init(body: [UInt8]) throws(BillingError) {
        let data = Data(body)
        let decoder = JSONDecoder()
        do {
            envelope = try decoder.decode(StripeEvent.self, from: data)
        } catch {
            throw .invalidEvent("Invalid event: expected a Stripe event with id, type and created")
        }
        guard !envelope.id.isEmpty, envelope.id.utf8.count <= 255 else { throw .invalidEvent("Invalid event: bad id") }
        do {
            switch envelope.type {
            case "checkout.session.completed":
                payload = .checkoutCompleted(try decoder.decode(StripeEventObject<StripeCheckoutSession>.self, from: data).data.object)
            case "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted":
                let object = try decoder.decode(StripeEventObject<StripeSubscription>.self, from: data).data.object
                payload = .subscription(object, deleted: envelope.type == "customer.subscription.deleted")
            case "invoice.paid", "invoice.payment_failed":
                let object = try decoder.decode(StripeEventObject<StripeInvoice>.self, from: data).data.object
                payload = .invoice(object, paid: envelope.type == "invoice.paid")
            default:
                payload = .unhandled
            }
        } catch {
            throw .invalidEvent("Invalid event: unreadable \(envelope.type) object")
        }
    }
}
