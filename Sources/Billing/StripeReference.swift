/// A Stripe field that holds an object's id, either as a string (`"cus_123"`) or, when expanded, as the object
/// itself (`{"id":"cus_123",…}`).
struct StripeReference: Decodable, Sendable, Hashable {
    var id: String

    private struct Expanded: Decodable { var id: String }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let id = try? container.decode(String.self) {
            self.id = id
        } else {
            id = try container.decode(Expanded.self).id
        }
    }
}
