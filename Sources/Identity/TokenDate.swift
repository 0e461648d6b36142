/// A JSON number of seconds since the epoch (RFC 7519 §2), within year 1970…9999.
struct TokenDate: Decodable {
    static let latest = 253_402_300_799.0
    var seconds: Double

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let value = try c.decode(Double.self)
        guard value.isFinite, value >= 0, value <= Self.latest else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "date out of range")
        }
        seconds = value
    }

    /// The last whole second at or before this date.
    var floor: Int { Int(seconds.rounded(.down)) }
    /// The first whole second at or after this date.
    var ceiling: Int { Int(seconds.rounded(.up)) }
}
