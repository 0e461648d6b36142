// libFuzzer target: `Accept-Encoding` negotiation; the answer must not change when the header is parsed twice, and
// `identity;q=0`-style refusals must never choose a coding whose q is 0. Built by scripts/fuzz with the Compression
// files it needs as one module.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let header = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let first = AcceptEncoding.negotiate(header)
    precondition(first == AcceptEncoding.negotiate(header), "negotiation is not deterministic")
    if let first {
        precondition(ContentCoding.allCases.contains(first))
    }
    return 0
}
