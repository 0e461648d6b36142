// libFuzzer target: `Accept-Encoding` negotiation. Properties: deterministic; a coding is chosen only when the header
// names it (or `x-gzip`, or `*`); a header whose only elements are `q=0` refusals chooses nothing. Built by
// scripts/fuzz with the Compression files it needs as one module.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let header = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let first = AcceptEncoding.negotiate(header)
    precondition(first == AcceptEncoding.negotiate(header), "negotiation is not deterministic")
    if let first {
        let lower = header.lowercased()
        precondition(lower.contains(first.rawValue) || lower.contains("*"), "chose \(first) from \(header.debugDescription)")
    }
    // The same header with every element refused (split on bytes: a combining mark after "," makes one Character).
    let refused = Array(header.utf8).split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        .map { element in String(decoding: element.prefix { $0 != UInt8(ascii: ";") }, as: UTF8.self) + ";q=0" }
        .joined(separator: ",")
    precondition(AcceptEncoding.negotiate(refused) == nil, "chose a coding from \(refused.debugDescription)")
    return 0
}
