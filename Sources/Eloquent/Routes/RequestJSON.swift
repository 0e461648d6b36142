import Billing
import FoundationEssentials

/// Decoding of small JSON request bodies for the billing routes: an empty body is `{}`; anything that is not a
/// JSON object of the expected shape is a 400 that says so.
enum RequestJSON {
    /// Largest body the checkout and portal routes read.
    static let maxBodyBytes = 64 * 1024

    static func decode<T: Decodable>(_ type: T.Type, from body: [UInt8]) throws(BillingError) -> T {
        let bytes = body.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D } ? Array("{}".utf8) : body
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch {
            throw .invalidRequest("Invalid request: the body must be a JSON object with string fields")
        }
    }
}
