// libFuzzer target: the `Stripe-Signature` header parser; every accepted header has a timestamp and only 32-byte v1
// signatures. Built by scripts/fuzz with the Billing files it needs as one module.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let header = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let parsed = try? StripeSignatureHeader(header) {
        precondition(!parsed.timestampText.isEmpty, "accepted without a timestamp")
        precondition(parsed.signatures.allSatisfy { $0.count == 32 }, "a v1 signature that is not 32 bytes")
    }
    _ = StripeSignatureHeader.hexBytes(Substring(header))
    return 0
}
