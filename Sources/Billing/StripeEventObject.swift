/// The object of an event, read as `T`.
struct StripeEventObject<T: Decodable & Sendable>: Decodable, Sendable {
    struct DataField: Decodable, Sendable { var object: T }
    var data: DataField
}
