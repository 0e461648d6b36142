// libFuzzer target: the streaming multipart/form-data parser with boundary `XyZ`, fed in pieces whose size the
// input's first byte picks; every event must be consistent (parts open before data, file bytes within the limit).
// Built by scripts/fuzz together with Sources/Multipart as one module.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let boundary = try? MultipartBoundary("XyZ") else { return 0 }
    let limits = MultipartLimits(maxFileBytes: 4096, maxTotalBytes: 64 * 1024)
    var parser = MultipartParser(boundary: boundary, limits: limits)
    let step = Int(bytes.first ?? 1) % 31 + 1
    var offset = 0
    var open = false
    var partBytes = 0
    do {
        while offset < bytes.count {
            let end = min(bytes.count, offset + step)
            for event in try parser.feed(Array(bytes[offset..<end])) {
                switch event {
                case .partBegin: precondition(!open, "part opened twice"); open = true; partBytes = 0
                case .partData(let chunk): precondition(open, "data outside a part"); partBytes += chunk.count
                case .partEnd: precondition(open, "part closed twice"); open = false
                }
                precondition(partBytes <= 64 * 1024, "part larger than the total limit")
            }
            offset = end
        }
        try parser.finish()
        precondition(!open, "finished with a part open")
    } catch {
        _ = error.message
    }
    return 0
}
