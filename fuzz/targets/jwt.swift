// libFuzzer target: the compact JWS parser (segments, base64url, JOSE header JSON) and the base64url codec, which
// must round-trip whatever it decodes. Built by scripts/fuzz with the Identity files it needs as one module.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let text = String(decoding: bytes, as: UTF8.self)
    if let jwt = try? CompactJWT(text, maxBytes: 8 * 1024) {
        precondition(jwt.signingInput.count <= text.utf8.count, "signing input longer than the token")
    }
    if let decoded = Base64URL.decode(bytes) {
        precondition(Base64URL.decode(Array(Base64URL.encode(decoded).utf8)) == decoded, "base64url does not round-trip")
    }
    return 0
}
