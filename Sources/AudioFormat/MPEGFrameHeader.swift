/// The 4-byte header of an MPEG-1/2/2.5 audio frame (layers I–III), validated: frame sync,
/// no reserved version, layer, bitrate, sample-rate or emphasis bits, and no free-format
/// bitrate.
struct MPEGFrameHeader: Equatable {
    enum Version: Equatable { case mpeg1, mpeg2, mpeg25 }

    let version: Version
    /// 1, 2 or 3.
    let layer: Int
    /// Bits per second.
    let bitrate: Int
    /// Hertz.
    let sampleRate: Int
    let padded: Bool
    let isMono: Bool

    private static let bitratesKbps: [[Int]] = [
        [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448], // MPEG-1 layer I
        [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384], // MPEG-1 layer II
        [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320], // MPEG-1 layer III
        [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256], // MPEG-2/2.5 layer I
        [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160], // MPEG-2/2.5 layers II, III
    ]

    /// The header at `offset`, or nil when the bytes there are not a valid one.
    init?(_ reader: ByteReader, at offset: Int) {
        guard let b0 = reader.uint8(at: offset), let b1 = reader.uint8(at: offset + 1),
              let b2 = reader.uint8(at: offset + 2), let b3 = reader.uint8(at: offset + 3),
              b0 == 0xFF, b1 & 0xE0 == 0xE0 else { return nil }
        switch (b1 >> 3) & 0x03 {
        case 0b11: version = .mpeg1
        case 0b10: version = .mpeg2
        case 0b00: version = .mpeg25
        default: return nil
        }
        let layerBits = Int((b1 >> 1) & 0x03)
        let bitrateIndex = Int(b2 >> 4)
        let rateIndex = Int((b2 >> 2) & 0x03)
        guard layerBits != 0, bitrateIndex != 0, bitrateIndex != 15, rateIndex != 3, b3 & 0x03 != 0b10 else {
            return nil
        }
        layer = 4 - layerBits
        let table = version == .mpeg1 ? layer - 1 : (layer == 1 ? 3 : 4)
        bitrate = Self.bitratesKbps[table][bitrateIndex] * 1000
        let baseRate = [44100, 48000, 32000][rateIndex]
        sampleRate = switch version {
        case .mpeg1: baseRate
        case .mpeg2: baseRate / 2
        case .mpeg25: baseRate / 4
        }
        padded = b2 & 0x02 != 0
        isMono = b3 >> 6 == 0b11
    }

    /// Samples each frame decodes to.
    var samplesPerFrame: Int {
        switch layer {
        case 1: 384
        case 2: 1152
        default: version == .mpeg1 ? 1152 : 576
        }
    }

    /// The frame's length in bytes, header included.
    var frameLength: Int {
        if layer == 1 {
            return (12 * bitrate / sampleRate + (padded ? 1 : 0)) * 4
        }
        return samplesPerFrame / 8 * bitrate / sampleRate + (padded ? 1 : 0)
    }

    /// Bytes of layer III side information after the header (where a Xing tag starts).
    var sideInfoLength: Int {
        switch (version == .mpeg1, isMono) {
        case (true, false): 32
        case (true, true), (false, false): 17
        case (false, true): 9
        }
    }

    /// Whether `other` could be the next frame of the same stream.
    func isCompatible(with other: MPEGFrameHeader) -> Bool {
        other.version == version && other.layer == layer && other.sampleRate == sampleRate
    }
}
