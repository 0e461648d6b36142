import TestSupport
/// Small synthetic audio headers built byte by byte, for the audio tests.
public enum AudioFixtures {
    public static func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }

    public static func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }

    public static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(value >> (8 * $0) & 0xFF) } }

    public static func be32(_ value: UInt32) -> [UInt8] { le32(value).reversed() }

    public static func le64(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8(value >> (8 * UInt64($0)) & 0xFF) } }

    /// PCM WAV: `fmt ` then (optionally a `LIST` chunk) then `data` of `dataBytes` zeros.
    public static func wav(
        sampleRate: UInt32 = 16000, channels: Int = 1, bits: Int = 16, dataBytes: Int,
        declaredData: UInt32? = nil, byteRate: UInt32? = nil, extraChunk: Bool = false
    ) -> [UInt8] {
        let blockAlign = channels * bits / 8
        var fmt = le16(1) + le16(channels) + le32(sampleRate)
        fmt += le32(byteRate ?? sampleRate * UInt32(blockAlign)) + le16(blockAlign) + le16(bits)
        var body = ascii("WAVE") + ascii("fmt ") + le32(UInt32(fmt.count)) + fmt
        if extraChunk { body += ascii("LIST") + le32(5) + ascii("INFOx") + [0] }
        body += ascii("data") + le32(declaredData ?? UInt32(dataBytes)) + [UInt8](repeating: 0, count: dataBytes)
        return ascii("RIFF") + le32(UInt32(body.count)) + body
    }

    /// An MPEG-1 layer III frame header: 128 kbit/s, 44.1 kHz, stereo, no padding (417 bytes).
    public static let mp3Header: [UInt8] = [0xFF, 0xFB, 0x90, 0x64]
    public static let mp3FrameLength = 417

    /// `count` CBR frames of silence-like bytes.
    public static func mp3(frames count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        for _ in 0..<count { bytes += mp3Header + [UInt8](repeating: 0x55, count: mp3FrameLength - 4) }
        return bytes
    }

    /// A first frame carrying a Xing header that says `frames`, then two plain frames.
    public static func mp3WithXing(frames: UInt32) -> [UInt8] {
        var first = mp3Header + [UInt8](repeating: 0, count: 32) + ascii("Xing") + be32(1) + be32(frames)
        first += [UInt8](repeating: 0, count: mp3FrameLength - first.count)
        return first + mp3(frames: 2)
    }

    /// An ID3v2.4 tag with a `size`-byte body.
    public static func id3(size: Int) -> [UInt8] {
        let syncsafe = [size >> 21 & 0x7F, size >> 14 & 0x7F, size >> 7 & 0x7F, size & 0x7F].map { UInt8($0) }
        return ascii("ID3") + [4, 0, 0] + syncsafe + [UInt8](repeating: 0, count: size)
    }

    /// `fLaC` and a STREAMINFO block.
    public static func flac(sampleRate: UInt32, totalSamples: UInt64) -> [UInt8] {
        var info: [UInt8] = [0x10, 0x00, 0x10, 0x00, 0, 0, 0, 0, 0, 0]
        let packed = UInt64(sampleRate) << 44 | UInt64(0) << 41 | UInt64(15) << 36 | totalSamples & 0xF_FFFF_FFFF
        info += (0..<8).map { UInt8(packed >> (56 - 8 * UInt64($0)) & 0xFF) }
        info += [UInt8](repeating: 0, count: 16)
        return ascii("fLaC") + [0x80, 0, 0, 34] + info
    }

    /// One Ogg page holding one packet.
    public static func oggPage(granule: UInt64, serial: UInt32 = 7, sequence: UInt32, packet: [UInt8]) -> [UInt8] {
        ascii("OggS") + [0, sequence == 0 ? 2 : 0] + le64(granule) + le32(serial) + le32(sequence) + le32(0)
            + [1, UInt8(packet.count)] + packet
    }

    /// An Ogg Opus stream whose last page ends at `granule` (48 kHz) with a pre-skip.
    public static func opus(granule: UInt64, preSkip: Int) -> [UInt8] {
        let head = ascii("OpusHead") + [1, 1] + le16(preSkip) + le32(48000) + [0, 0, 0]
        return oggPage(granule: 0, sequence: 0, packet: head)
            + oggPage(granule: 0, sequence: 1, packet: ascii("OpusTags") + [0, 0, 0, 0, 0, 0, 0, 0])
            + oggPage(granule: granule / 2, sequence: 2, packet: [1, 2, 3])
            + oggPage(granule: granule, sequence: 3, packet: [4, 5, 6])
    }

    /// An EBML header with the given DocType.
    public static func ebml(docType: String) -> [UInt8] {
        let children: [UInt8] = [0x42, 0x86, 0x81, 0x01, 0x42, 0xF7, 0x81, 0x01]
            + [0x42, 0x82, 0x80 | UInt8(docType.utf8.count)] + ascii(docType) + [0x42, 0x87, 0x81, 0x04]
        return [0x1A, 0x45, 0xDF, 0xA3, 0x80 | UInt8(children.count)] + children + [0x18, 0x53, 0x80, 0x67, 0x01, 0xFF]
    }

    /// An `ftyp` box with a major brand and compatible brands, then an `mdat` header.
    public static func ftyp(major: String, compatible: [String]) -> [UInt8] {
        let body = ascii("ftyp") + ascii(major) + be32(0) + compatible.flatMap(ascii)
        return be32(UInt32(body.count + 4)) + body + be32(8) + ascii("mdat")
    }
}
