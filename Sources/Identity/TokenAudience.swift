/// The `aud` claim: one string or an array of strings (RFC 7519 §4.1.3).
struct TokenAudience: Decodable {
    var values: [String]

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let single = try? c.decode(String.self) {
            values = [single]
        } else {
            values = try c.decode([String].self)
        }
    }
}
