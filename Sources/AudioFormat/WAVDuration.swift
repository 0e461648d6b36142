/// Duration of a RIFF/WAVE file from its `fmt ` and `data` chunks.
enum WAVDuration {
    /// Most chunks walked before giving up.
    static let maxChunks = 256

    static func seconds(in reader: ByteReader) -> Double? {
        guard reader.matches("RIFF", at: 0), reader.matches("WAVE", at: 8) else { return nil }
        var byteRate: UInt32?
        var dataLength: Int?
        var offset = 12
        for _ in 0..<maxChunks {
            guard let size = reader.uint32LE(at: offset + 4) else { break }
            let bodyStart = offset + 8
            let available = reader.count - bodyStart
            if reader.matches("fmt ", at: offset) {
                guard size >= 16, let rate = reader.uint32LE(at: bodyStart + 8),
                      let sampleRate = reader.uint32LE(at: bodyStart + 4),
                      let blockAlign = reader.uint16LE(at: bodyStart + 12) else { return nil }
                byteRate = rate != 0 ? rate : sampleRate.multipliedReportingOverflow(by: UInt32(blockAlign)).partialValue
            } else if reader.matches("data", at: offset) {
                // 0xFFFFFFFF marks a streamed file whose length was never filled in.
                dataLength = size == UInt32.max || Int(size) > available ? available : Int(size)
            }
            if byteRate != nil, dataLength != nil { break }
            guard Int(size) <= available else { break }
            offset = bodyStart + Int(size) + Int(size & 1)
        }
        guard let byteRate, byteRate > 0, let dataLength else { return nil }
        return Double(dataLength) / Double(byteRate)
    }
}
