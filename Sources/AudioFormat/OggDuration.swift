/// Duration of an Ogg Opus or Ogg Vorbis stream from what is present: the pages of the first logical stream are
/// walked from the start, and their packets counted.
///
/// - Opus: every audio packet's TOC byte says how many samples it decodes to (RFC 6716 §3.1); their sum less the
///   pre-skip is the duration. The last granule position, which only trims the end, is used when it is within one
///   packet's worth (120 ms) below that sum.
/// - Vorbis: the granule positions, each page's advance capped by what its packets can decode to (half the long
///   block size each).
enum OggDuration {
    /// Most Opus samples (48 kHz) one packet decodes to: 120 ms.
    static let maxOpusPacketSamples = 5760

    static func measure(in reader: ByteReader) -> AudioMeasurement? {
        var pages = OggPageWalker(reader)
        guard let firstPage = pages.next(), firstPage.segments > 0 else { return nil }
        let serial = firstPage.serial
        let packet = firstPage.bodyStart
        if reader.matches("OpusHead", at: packet), let skip = reader.uint16LE(at: packet + 10) {
            return opus(reader, firstPage: firstPage, pages: &pages, serial: serial, preSkip: Int(skip))
        }
        if reader.matches("\u{1}vorbis", at: packet), let rate = reader.uint32LE(at: packet + 12), rate > 0,
           let sizes = reader.uint8(at: packet + 28) {
            let longBlock = 1 << Int(min(13, sizes >> 4))
            return vorbis(reader, firstPage: firstPage, pages: &pages, serial: serial, sampleRate: Int(rate),
                          maxPacketSamples: longBlock / 2)
        }
        return nil
    }

    private static func opus(_ reader: ByteReader, firstPage: OggPage, pages: inout OggPageWalker, serial: UInt32,
                             preSkip: Int) -> AudioMeasurement {
        var samples = 0
        var packetIndex = 0
        var lastGranule: UInt64?
        var audioStart: Int?
        var page: OggPage? = firstPage
        while let current = page {
            if current.serial == serial {
                for packet in current.packetStarts(reader) {
                    defer { packetIndex += 1 }
                    // Packets 0 and 1 are OpusHead and OpusTags.
                    guard packetIndex >= 2 else { continue }
                    if audioStart == nil { audioStart = current.offset }
                    samples += opusSamples(reader, packet: packet)
                }
                if current.granule != UInt64.max, packetIndex > 2 { lastGranule = current.granule }
            }
            page = pages.next()
        }
        var total = samples
        if let lastGranule, lastGranule <= UInt64(samples), UInt64(samples) - lastGranule <= UInt64(maxOpusPacketSamples) {
            total = Int(lastGranule)
        }
        let audioBytes = audioStart.map { reader.count - $0 } ?? 0
        return AudioMeasurement(seconds: Double(max(0, total - preSkip)) / 48000, audioBytes: audioBytes)
    }

    /// Samples (48 kHz) an Opus packet decodes to, from its TOC byte; 0 for an empty or malformed packet.
    static func opusSamples(_ reader: ByteReader, packet: (offset: Int, length: Int)) -> Int {
        guard packet.length > 0, let toc = reader.uint8(at: packet.offset) else { return 0 }
        let config = Int(toc >> 3)
        let frameSamples = switch config {
        case 0...11: [480, 960, 1920, 2880][config % 4]
        case 12...15: [480, 960][config % 2]
        default: [120, 240, 480, 960][config % 4]
        }
        let frames: Int
        switch toc & 0x03 {
        case 0: frames = 1
        case 1, 2: frames = 2
        default:
            guard packet.length >= 2, let count = reader.uint8(at: packet.offset + 1) else { return 0 }
            frames = Int(count & 0x3F)
        }
        let total = frames * frameSamples
        return total <= maxOpusPacketSamples ? total : 0
    }

    private static func vorbis(_ reader: ByteReader, firstPage: OggPage, pages: inout OggPageWalker, serial: UInt32,
                               sampleRate: Int, maxPacketSamples: Int) -> AudioMeasurement {
        var samples: UInt64 = 0
        var packetIndex = 0
        var audioStart: Int?
        var page: OggPage? = firstPage
        while let current = page {
            if current.serial == serial {
                let audioPackets = current.packetStarts(reader).count { _ in
                    defer { packetIndex += 1 }
                    // Packets 0, 1 and 2 are the identification, comment and setup headers.
                    return packetIndex >= 3
                }
                if audioPackets > 0, audioStart == nil { audioStart = current.offset }
                if current.granule != UInt64.max, current.granule > samples {
                    samples = min(current.granule, samples + UInt64(audioPackets * maxPacketSamples))
                }
            }
            page = pages.next()
        }
        let audioBytes = audioStart.map { reader.count - $0 } ?? 0
        return AudioMeasurement(seconds: Double(samples) / Double(sampleRate), audioBytes: audioBytes)
    }
}

/// One Ogg page's header fields.
struct OggPage {
    var offset: Int
    var headerType: UInt8
    var granule: UInt64
    var serial: UInt32
    var segments: Int
    var bodyStart: Int
    var length: Int

    /// Offset and length of each packet that starts on this page (the packet may end on a later page, so the length
    /// counts only its bytes here; a packet continued from the previous page is not listed).
    func packetStarts(_ reader: ByteReader) -> [(offset: Int, length: Int)] {
        var packets: [(offset: Int, length: Int)] = []
        var position = bodyStart
        var packetStart: Int? = headerType & 1 == 0 ? bodyStart : nil
        var packetLength = 0
        for index in 0..<segments {
            let lace = Int(reader.uint8(at: offset + 27 + index) ?? 0)
            position += lace
            packetLength += lace
            if lace < 255 {
                if let start = packetStart { packets.append((start, packetLength)) }
                packetStart = position
                packetLength = 0
            }
        }
        if let start = packetStart, packetLength > 0 { packets.append((start, packetLength)) }
        return packets
    }
}

/// Walks Ogg pages from the start, each by its own length; past junk it looks for the next `OggS` capture pattern.
struct OggPageWalker {
    let reader: ByteReader
    var offset = 0

    init(_ reader: ByteReader) {
        self.reader = reader
    }

    mutating func next() -> OggPage? {
        while offset + 27 <= reader.count {
            if reader.matches("OggS", at: offset), reader.uint8(at: offset + 4) == 0,
               let type = reader.uint8(at: offset + 5), let granule = reader.uint64LE(at: offset + 6),
               let serial = reader.uint32LE(at: offset + 14), let segments = reader.uint8(at: offset + 26),
               reader.has(Int(segments), at: offset + 27) {
                var bodyLength = 0
                for index in 0..<Int(segments) { bodyLength += Int(reader.uint8(at: offset + 27 + index) ?? 0) }
                let bodyStart = offset + 27 + Int(segments)
                // A page cut short by the end of the bytes still counts for what it holds.
                let length = min(27 + Int(segments) + bodyLength, reader.count - offset)
                let page = OggPage(offset: offset, headerType: type, granule: granule, serial: serial,
                                   segments: Int(segments), bodyStart: bodyStart, length: length)
                offset += max(length, 1)
                return page
            }
            offset += 1
        }
        return nil
    }
}
