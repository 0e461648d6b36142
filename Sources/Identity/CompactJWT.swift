import FoundationEssentials

/// A compact-serialized JWS split and decoded, before any trust is placed in it.
///
/// Only the shape is checked here: size, exactly three non-empty segments, strict base64url,
/// and a header that is a JSON object with a string `alg`. The payload stays undecoded bytes
/// until the signature has been verified.
struct CompactJWT {
    let header: JOSEHeader
    /// `base64url(header) "." base64url(payload)`: the bytes the signature covers.
    let signingInput: ArraySlice<UInt8>
    let payload: [UInt8]
    let signature: [UInt8]

    init(_ token: String, maxBytes: Int) throws(AuthFailure) {
        let bytes = Array(token.utf8)
        guard bytes.count <= maxBytes else {
            throw .invalidToken(reason: "token of \(bytes.count) bytes exceeds \(maxBytes)")
        }
        let segments = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard segments.count == 3 else {
            throw .invalidToken(reason: "token has \(segments.count) segments, expected 3")
        }
        guard !segments[0].isEmpty, !segments[1].isEmpty else {
            throw .invalidToken(reason: "empty header or payload segment")
        }
        guard let headerJSON = Base64URL.decode(segments[0]) else {
            throw .invalidToken(reason: "header is not base64url")
        }
        guard let payload = Base64URL.decode(segments[1]) else {
            throw .invalidToken(reason: "payload is not base64url")
        }
        guard let signature = Base64URL.decode(segments[2]) else {
            throw .invalidToken(reason: "signature is not base64url")
        }
        do {
            header = try JSONDecoder().decode(JOSEHeader.self, from: Data(headerJSON))
        } catch {
            throw .invalidToken(reason: "header is not a JSON object with a string alg")
        }
        signingInput = bytes[..<(segments[1].endIndex)]
        self.payload = payload
        self.signature = signature
    }
}

/// The JOSE header fields the verifier reads. Unknown fields are ignored, except that any
/// `crit` is refused: this verifier understands no header extensions (RFC 7515 §4.1.11).
struct JOSEHeader: Decodable, Sendable {
    var alg: String
    var kid: String?
    var typ: String?
    var crit: [String]?
}
