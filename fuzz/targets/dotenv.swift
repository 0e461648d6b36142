// libFuzzer target: the `.env` parser; whatever it accepts must give names of the documented grammar,
// and parsing is deterministic. Built by scripts/fuzz with the configuration files it needs as one module.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let values = try? DotEnvParser.parse(bytes, path: "fuzz.env") {
        for name in values.keys {
            // KEY is [A-Za-z_][A-Za-z0-9_]*.
            let bytes = Array(name.utf8)
            let isNameByte = { (byte: UInt8) in byte == UInt8(ascii: "_") || (65...90).contains(byte) || (97...122).contains(byte) }
            precondition(!bytes.isEmpty && isNameByte(bytes[0]) && bytes.allSatisfy { isNameByte($0) || (48...57).contains($0) },
                         "bad name \(name.debugDescription)")
        }
        precondition((try? DotEnvParser.parse(bytes, path: "fuzz.env")) == values, "not deterministic")
    }
    return 0
}
