import JWTKit

/// `{"keys":[…]}` keeping the JWKs jwt-kit understands and skipping the others.
struct LenientKeySet: Decodable {
    var keys: [JWK] = []

    private enum CodingKeys: String, CodingKey { case keys }
    private struct Skipped: Decodable { init(from decoder: any Decoder) throws {} }

    init(from decoder: any Decoder) throws {
        var list = try decoder.container(keyedBy: CodingKeys.self).nestedUnkeyedContainer(forKey: .keys)
        while !list.isAtEnd {
            if let jwk = try? list.decode(JWK.self) { keys.append(jwk) } else { _ = try list.decode(Skipped.self) }
        }
    }
}
