// libFuzzer target: the `.env` parser; whatever it accepts must give non-empty names without `=` or control bytes,
// and parsing is deterministic. Built by scripts/fuzz with the configuration files it needs as one module.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let values = try? DotEnvParser.parse(bytes, path: "fuzz.env") {
        for name in values.keys {
            precondition(!name.isEmpty && !name.contains("="), "bad name \(name)")
        }
        precondition((try? DotEnvParser.parse(bytes, path: "fuzz.env")) == values, "not deterministic")
    }
    return 0
}
