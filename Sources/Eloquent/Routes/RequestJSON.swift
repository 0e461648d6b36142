import FoundationEssentials
import HTTPServer

/// The one decoder of small JSON request bodies (sign-in, settings, usage reports, admin changes, checkout, portal):
/// at most `maxBodyBytes`, and anything that is not a JSON object of the expected shape is a 400 that says so.
enum RequestJSON {
    /// Largest body these routes read.
    static let maxBodyBytes = 64 * 1024

    /// What an empty body means.
    enum EmptyBody {
        /// A body is required: empty is `400 {"error":"A JSON body is required"}`.
        case required
        /// An empty (or blank) body reads as `{}` (every field optional).
        case emptyObject
    }

    /// Reads the request's body and decodes it as `T`; `invalid` is the 400's message when it does not decode.
    static func decode<T: Decodable>(_ type: T.Type, _ request: Request, empty: EmptyBody = .required,
                                     invalid: String = "Invalid JSON body") async throws -> T {
        let body = try await request.body.collect(upTo: maxBodyBytes)
        let blank = body.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        let bytes = blank && empty == .emptyObject ? Array("{}".utf8) : body
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch {
            throw HTTPError(400, body.isEmpty && empty == .required ? "A JSON body is required" : invalid)
        }
    }
}
