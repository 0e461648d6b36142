// libFuzzer target: the streaming multipart/form-data parser with boundary `XyZ`, fed in pieces whose size the
// input's first byte picks; every event must be consistent (parts open before data, file bytes within the limit),
// and the form collected in place (`MultipartFormStream`, pieces of another size) must be the one collected from the
// events, or both must fail.
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
    var collector = MultipartFormCollector(fileCapacity: size)
    var eventsForm: MultipartForm?
    do {
        while offset < bytes.count {
            let end = min(bytes.count, offset + step)
            let events = try parser.feed(Array(bytes[offset..<end]))
            try collector.consume(events)
            for event in events {
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
        eventsForm = collector.form
    } catch {
        _ = error.message
    }
    var stream = MultipartFormStream(MultipartParser(boundary: boundary, limits: limits))
    let otherStep = Int(bytes.last ?? 1) % 97 + 1
    let streamForm: MultipartForm? = bytes.withUnsafeBytes { raw in
        do {
            var offset = 0
            while offset < raw.count {
                let end = min(raw.count, offset + otherStep)
                try stream.receive(UnsafeRawBufferPointer(rebasing: raw[offset..<end]))
                offset = end
            }
            return try stream.finish()
        } catch {
            return nil
        }
    }
    precondition((eventsForm == nil) == (streamForm == nil), "one way failed, the other did not")
    if let eventsForm, let streamForm {
        precondition(eventsForm.files == streamForm.files, "files differ")
        precondition(eventsForm.fields == streamForm.fields, "fields differ")
        precondition(eventsForm.allFields.map(\.name) == streamForm.allFields.map(\.name), "field order differs")
        precondition(eventsForm.allFields.map(\.value) == streamForm.allFields.map(\.value), "field values differ")
    }
    return 0
}
