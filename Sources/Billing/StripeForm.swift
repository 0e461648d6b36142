/// An `application/x-www-form-urlencoded` body as Stripe's API takes it: ordered `key=value` pairs where nested
/// parameters are spelled with brackets (`line_items[0][price]`, `metadata[user_id]`). Keys and values are
/// percent-encoded byte by byte (UTF-8); only RFC 3986 unreserved characters are left as they are, so `&`, `=`,
/// `+`, `%`, brackets, spaces and non-ASCII text always arrive intact.
struct StripeForm: Sendable, Equatable {
    /// The content type to send with `encoded`.
    static let contentType = "application/x-www-form-urlencoded"

    private(set) var fields: [(key: String, value: String)] = []

    init() {}

    /// Appends one field.
    mutating func add(_ key: String, _ value: String) {
        fields.append((key, value))
    }

    /// The body bytes: `key=value` pairs joined with `&`.
    var encoded: [UInt8] {
        var out: [UInt8] = []
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(UInt8(ascii: "&")) }
            Self.percentEncode(field.key, into: &out)
            out.append(UInt8(ascii: "="))
            Self.percentEncode(field.value, into: &out)
        }
        return out
    }

    /// Appends `text` with every byte outside `A–Z a–z 0–9 - . _ ~` written as `%XX` (uppercase hex).
    static func percentEncode(_ text: String, into out: inout [UInt8]) {
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"):
                out.append(byte)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
    }

    static func == (left: StripeForm, right: StripeForm) -> Bool {
        left.fields.elementsEqual(right.fields) { $0.key == $1.key && $0.value == $1.value }
    }
}
