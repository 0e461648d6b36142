/// The JOSE header fields the verifier reads. Unknown fields are ignored, except that any
/// `crit` is refused: this verifier understands no header extensions (RFC 7515 §4.1.11).
struct JOSEHeader: Decodable, Sendable {
    var alg: String
    var kid: String?
    var typ: String?
    var crit: [String]?
}
