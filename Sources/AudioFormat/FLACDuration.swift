/// Duration of a FLAC stream from the frames actually present: after the metadata blocks, every frame header with a
/// valid CRC-8 whose frame (or sample) number continues the sequence adds its block size. STREAMINFO's total-samples
/// field is never believed; its sample rate is (a decoder plays at it).
enum FLACDuration {
    /// Most metadata blocks walked.
    static let maxMetadataBlocks = 1024
    /// Frames that may be lost between two counted frames (a damaged header) before a header counts as out of sequence.
    static let maxFrameGap: UInt64 = 8

    static func measure(in reader: ByteReader) -> AudioMeasurement? {
        guard let stream = StreamInfo(reader) else { return nil }
        var samples = 0
        var offset = stream.framesStart
        var expected: UInt64? = nil
        var lastSampleEnd: UInt64 = 0
        var firstFrame: Int?
        while let frame = nextFrame(in: reader, from: offset, streamInfo: stream) {
            let accepted: Bool
            if let expected {
                if frame.variableBlockSize {
                    accepted = frame.number >= lastSampleEnd && frame.number - lastSampleEnd <= maxFrameGap * 65536
                } else {
                    accepted = frame.number >= expected && frame.number - expected <= maxFrameGap
                }
            } else {
                accepted = true
            }
            if accepted {
                if firstFrame == nil { firstFrame = frame.offset }
                samples += frame.blockSize
                expected = frame.number + 1
                lastSampleEnd = frame.number + UInt64(frame.blockSize)
                offset = frame.offset + frame.headerLength
            } else {
                offset = frame.offset + 1
            }
        }
        guard let firstFrame else { return AudioMeasurement(seconds: 0, audioBytes: 0) }
        return AudioMeasurement(seconds: Double(samples) / Double(stream.sampleRate), audioBytes: reader.count - firstFrame)
    }

    /// The first frame header at or after `start` (a sync code, valid fields, and a matching CRC-8).
    static func nextFrame(in reader: ByteReader, from start: Int, streamInfo: StreamInfo) -> FLACFrameHeader? {
        var offset = start
        while offset + 6 <= reader.count {
            if reader.uint8(at: offset) == 0xFF, let header = FLACFrameHeader(reader, at: offset, streamInfo: streamInfo) {
                return header
            }
            offset += 1
        }
        return nil
    }

    /// `fLaC` (after an optional ID3v2 tag), STREAMINFO first, and where the metadata blocks end.
    struct StreamInfo {
        var sampleRate: Int
        var bitsPerSample: Int
        var framesStart: Int

        init?(_ reader: ByteReader) {
            let start = ID3Tag.length(in: reader) ?? 0
            guard reader.matches("fLaC", at: start), let blockHeader = reader.uint8(at: start + 4),
                  blockHeader & 0x7F == 0, let info = reader.uint32BE(at: start + 4), info & 0x00FF_FFFF >= 34 else {
                return nil
            }
            // STREAMINFO: 10 bytes of block and frame sizes, then 20 bits of sample rate, 3 of channels, 5 of bits per
            // sample and 36 of total samples (not used: a client can write any number there).
            guard let high = reader.uint32BE(at: start + 8 + 10) else { return nil }
            sampleRate = Int(high >> 12)
            bitsPerSample = Int((high >> 4) & 0x1F) + 1
            guard sampleRate > 0 else { return nil }
            var offset = start + 4
            for _ in 0..<FLACDuration.maxMetadataBlocks {
                guard let header = reader.uint32BE(at: offset) else { return nil }
                offset += 4 + Int(header & 0x00FF_FFFF)
                if header & 0x8000_0000 != 0 { break }
            }
            framesStart = offset
        }
    }
}

/// A FLAC frame header (RFC 9639 §9.1), validated down to its CRC-8.
struct FLACFrameHeader {
    var offset: Int
    var headerLength: Int
    var blockSize: Int
    /// The frame number (fixed block size) or the first sample's number (variable block size).
    var number: UInt64
    var variableBlockSize: Bool

    init?(_ reader: ByteReader, at offset: Int, streamInfo: FLACDuration.StreamInfo) {
        guard let b0 = reader.uint8(at: offset), let b1 = reader.uint8(at: offset + 1),
              let b2 = reader.uint8(at: offset + 2), let b3 = reader.uint8(at: offset + 3),
              b0 == 0xFF, b1 & 0xFE == 0xF8 else { return nil }
        let blockCode = Int(b2 >> 4), rateCode = Int(b2 & 0x0F)
        let channelCode = Int(b3 >> 4), sizeCode = Int((b3 >> 1) & 0x07)
        guard blockCode != 0, rateCode != 15, channelCode <= 10, sizeCode != 3, b3 & 1 == 0 else { return nil }
        variableBlockSize = b1 & 1 == 1
        var cursor = offset + 4
        // The frame or sample number, UTF-8 style: 1 to 7 bytes.
        guard let lead = reader.uint8(at: cursor) else { return nil }
        let extra: Int
        var value: UInt64
        switch lead {
        case 0x00...0x7F: extra = 0; value = UInt64(lead)
        case 0xC0...0xDF: extra = 1; value = UInt64(lead & 0x1F)
        case 0xE0...0xEF: extra = 2; value = UInt64(lead & 0x0F)
        case 0xF0...0xF7: extra = 3; value = UInt64(lead & 0x07)
        case 0xF8...0xFB: extra = 4; value = UInt64(lead & 0x03)
        case 0xFC...0xFD: extra = 5; value = UInt64(lead & 0x01)
        case 0xFE: extra = 6; value = 0
        default: return nil
        }
        cursor += 1
        for _ in 0..<extra {
            guard let byte = reader.uint8(at: cursor), byte & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt64(byte & 0x3F)
            cursor += 1
        }
        number = value
        switch blockCode {
        case 1: blockSize = 192
        case 2...5: blockSize = 576 << (blockCode - 2)
        case 6:
            guard let byte = reader.uint8(at: cursor) else { return nil }
            blockSize = Int(byte) + 1
            cursor += 1
        case 7:
            guard let high = reader.uint8(at: cursor), let low = reader.uint8(at: cursor + 1) else { return nil }
            blockSize = (Int(high) << 8 | Int(low)) + 1
            cursor += 2
        default: blockSize = 256 << (blockCode - 8)
        }
        switch rateCode {
        case 12: cursor += 1
        case 13, 14: cursor += 2
        default: break
        }
        guard let crc = reader.uint8(at: cursor), crc == Self.crc8(reader, offset..<cursor) else { return nil }
        self.offset = offset
        headerLength = cursor + 1 - offset
    }

    /// CRC-8, polynomial x⁸ + x² + x + 1, initial 0.
    static func crc8(_ reader: ByteReader, _ range: Range<Int>) -> UInt8? {
        var crc: UInt8 = 0
        for index in range {
            guard let byte = reader.uint8(at: index) else { return nil }
            crc ^= byte
            for _ in 0..<8 { crc = crc & 0x80 != 0 ? (crc << 1) ^ 0x07 : crc << 1 }
        }
        return crc
    }
}
