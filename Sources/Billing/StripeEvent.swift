/// The envelope of a Stripe event: `{"id","type","created","data":{"object":{…}}}`. The object is decoded
/// separately, by type, as `StripeEventObject<T>`.
struct StripeEvent: Decodable, Sendable, Equatable {
    var id: String
    var type: String
    /// When Stripe created the event, epoch seconds; orders events for the same subscription.
    var created: Int
}

