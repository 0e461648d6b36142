/// Duration of a FLAC stream from its STREAMINFO block, which must come first.
enum FLACDuration {
    static func seconds(in reader: ByteReader) -> Double? {
        let start = ID3Tag.length(in: reader) ?? 0
        guard reader.matches("fLaC", at: start), let blockHeader = reader.uint8(at: start + 4),
              blockHeader & 0x7F == 0, let info = reader.uint32BE(at: start + 4), info & 0x00FF_FFFF >= 34 else {
            return nil
        }
        // STREAMINFO: 10 bytes of block and frame sizes, then 20 bits of sample rate,
        // 3 of channels, 5 of bits per sample and 36 of total samples.
        let packed = start + 8 + 10
        guard let high = reader.uint32BE(at: packed), let low = reader.uint32BE(at: packed + 4) else { return nil }
        let sampleRate = high >> 12
        let totalSamples = UInt64(high & 0x0F) << 32 | UInt64(low)
        guard sampleRate > 0, totalSamples > 0 else { return nil }
        return Double(totalSamples) / Double(sampleRate)
    }
}
