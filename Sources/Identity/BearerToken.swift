import Basics
/// Reads the token out of an `Authorization` header value.
public enum BearerToken {
    /// Returns the token of `Bearer <token>`.
    ///
    /// - missing header, or only whitespace: ``AuthFailure/noToken``;
    /// - `Bearer` (any case) alone, or followed only by whitespace: ``AuthFailure/emptyToken``
    ///   (HTTP parsers strip trailing whitespace, so `"Bearer "` usually arrives as `"Bearer"`);
    /// - any other scheme, a separator other than exactly one space, or a token holding
    ///   whitespace, control or non-ASCII bytes: ``AuthFailure/invalidFormat``.
    public static func extract(_ authorizationHeader: String?) throws(AuthFailure) -> String {
        guard let header = authorizationHeader else { throw .noToken }
        let value = Array(Array(header.utf8).trimmingWhitespace())  // copied whole, then trimmed: no byte-by-byte copy
        if value.isEmpty { throw .noToken }
        let scheme = Array("bearer".utf8)
        guard value.count >= scheme.count,
              zip(value, scheme).allSatisfy({ asciiLowercased($0) == $1 })
        else { throw .invalidFormat }
        if value.count == scheme.count { throw .emptyToken }
        guard value[scheme.count] == UInt8(ascii: " ") else { throw .invalidFormat }
        let token = value[(scheme.count + 1)...]
        guard !token.isEmpty else { throw .emptyToken }
        guard token.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { throw .invalidFormat }
        return String(decoding: token, as: UTF8.self)
    }


    private static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) ? byte + 32 : byte
    }
}
