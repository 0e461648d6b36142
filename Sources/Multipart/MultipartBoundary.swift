/// The boundary of a `multipart/form-data` body (RFC 2046 §5.1.1): 1–70 characters from
/// the allowed set (letters, digits, `'()+_,-./:=?` and space, though not last).
public struct MultipartBoundary: Sendable, Equatable {
    /// The boundary, without the leading `--`.
    public let value: String

    /// Validates `value` as a boundary.
    public init(_ value: String) throws(MultipartError) {
        let bytes = Array(value.utf8)
        guard (1...70).contains(bytes.count), bytes.last != 0x20, bytes.allSatisfy(Self.isBoundaryByte) else {
            throw .invalidBoundary
        }
        self.value = value
    }

    /// A boundary known to be valid.
    init(unchecked value: String) {
        assert((try? MultipartBoundary(value)) != nil)
        self.value = value
    }

    /// The boundary named by a request's Content-Type, which must be `multipart/form-data`
    /// (case-insensitive) with a quoted or token `boundary` parameter.
    public static func parse(contentType: String?) throws(MultipartError) -> MultipartBoundary {
        guard let contentType else { throw .notMultipart }
        let isFormData = contentType.drop { $0 == " " || $0 == "\t" }.lowercased().hasPrefix("multipart/form-data")
        let parsed = try HeaderParameters.parse(ArraySlice(contentType.utf8)) { _ in
            isFormData ? .invalidBoundary : .notMultipart
        }
        guard parsed.type == "multipart/form-data" else { throw .notMultipart }
        guard let boundary = parsed.value(of: "boundary") else { throw .missingBoundary }
        return try MultipartBoundary(boundary)
    }

    /// `CRLF "--" boundary`: what ends one part and precedes the next.
    var delimiter: [UInt8] {
        [13, 10, UInt8(ascii: "-"), UInt8(ascii: "-")] + Array(value.utf8)
    }

    /// RFC 2046 `bchars`.
    static func isBoundaryByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "'()+_,-./:=? ".utf8.contains(byte)
        }
    }
}
