/// Duration of an Ogg Opus or Ogg Vorbis stream: the granule position of the stream's last
/// page (48 kHz samples less the pre-skip for Opus, samples at the stream's rate for
/// Vorbis).
enum OggDuration {
    /// How far from the end to look for the last page.
    static let tailWindow = 256 * 1024

    static func seconds(in reader: ByteReader) -> Double? {
        guard reader.matches("OggS", at: 0), reader.uint8(at: 4) == 0, let segments = reader.uint8(at: 26),
              let serial = reader.uint32LE(at: 14) else { return nil }
        let packet = 27 + Int(segments)
        let sampleRate: Double
        var preSkip: UInt64 = 0
        if reader.matches("OpusHead", at: packet), let skip = reader.uint16LE(at: packet + 10) {
            sampleRate = 48000
            preSkip = UInt64(skip)
        } else if reader.matches("\u{1}vorbis", at: packet), let rate = reader.uint32LE(at: packet + 12), rate > 0 {
            sampleRate = Double(rate)
        } else {
            return nil
        }
        guard let granule = lastGranule(in: reader, serial: serial) else { return nil }
        return Double(granule > preSkip ? granule - preSkip : 0) / sampleRate
    }

    /// The granule position of the last complete-enough page of the stream `serial`.
    private static func lastGranule(in reader: ByteReader, serial: UInt32) -> UInt64? {
        var offset = reader.count - 27
        let lowest = max(0, reader.count - tailWindow)
        while offset >= lowest {
            if reader.matches("OggS", at: offset), reader.uint8(at: offset + 4) == 0,
               reader.uint32LE(at: offset + 14) == serial, let granule = reader.uint64LE(at: offset + 6),
               granule != UInt64.max {
                return granule
            }
            offset -= 1
        }
        return nil
    }
}
