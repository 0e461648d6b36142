/// Duration of an MP3 stream from the frames actually present: each frame from the first one on is walked by its
/// own length (resynchronising past junk), and its samples counted. A Xing/Info or VBRI frame decodes to nothing and
/// is not counted; the frame count it claims is never believed (a client can write any number there).
enum MP3Duration {
    static func measure(in reader: ByteReader) -> AudioMeasurement? {
        let start = ID3Tag.length(in: reader) ?? 0
        guard let (first, header) = MP3FrameScanner.firstFrame(in: reader, from: start) else { return nil }
        var audioEnd = reader.count
        if audioEnd - first > 128, reader.matches("TAG", at: audioEnd - 128) { audioEnd -= 128 }
        var samples = 0
        var offset = first
        var isFirst = true
        while offset + 4 <= audioEnd {
            if let frame = MPEGFrameHeader(reader, at: offset), frame.isCompatible(with: header), frame.frameLength > 4,
               offset + frame.frameLength <= audioEnd {
                if !(isFirst && isTagFrame(in: reader, frameAt: offset, header: frame)) { samples += frame.samplesPerFrame }
                isFirst = false
                offset += frame.frameLength
                continue
            }
            // Lost sync (junk, a damaged or truncated frame): find the next frame a successor confirms.
            guard let next = MP3FrameScanner.nextFrame(in: reader, from: offset + 1, end: audioEnd, like: header) else { break }
            offset = next
        }
        return AudioMeasurement(seconds: Double(samples) / Double(header.sampleRate), audioBytes: audioEnd - first)
    }

    /// Whether the frame at `offset` is a Xing/Info (LAME) or VBRI (Fraunhofer) header frame, which holds no audio.
    static func isTagFrame(in reader: ByteReader, frameAt offset: Int, header: MPEGFrameHeader) -> Bool {
        let xing = offset + 4 + header.sideInfoLength
        return reader.matches("Xing", at: xing) || reader.matches("Info", at: xing) || reader.matches("VBRI", at: offset + 4 + 32)
    }
}

/// ID3v2 tags that may precede MP3 (and sometimes FLAC) data.
enum ID3Tag {
    /// The total length of the ID3v2 tag at the start of the bytes (header, body and
    /// footer), or nil when there is no well-formed tag header there.
    static func length(in reader: ByteReader) -> Int? {
        guard reader.matches("ID3", at: 0), let major = reader.uint8(at: 3), (2...4).contains(major),
              let revision = reader.uint8(at: 4), revision != 0xFF, let flags = reader.uint8(at: 5) else {
            return nil
        }
        var size = 0
        for offset in 6..<10 {
            guard let byte = reader.uint8(at: offset), byte < 0x80 else { return nil }
            size = size << 7 | Int(byte)
        }
        let hasFooter = major == 4 && flags & 0x10 != 0
        return 10 + size + (hasFooter ? 10 : 0)
    }
}

/// Finding the first real MPEG audio frame: a valid header whose successor (when the bytes
/// reach that far) is a compatible header too, which rules out most stray `0xFF` bytes.
enum MP3FrameScanner {
    /// How far past `start` to look for the first frame.
    static let searchWindow = 64 * 1024

    /// The first confirmed frame at or after `start`, within the search window.
    static func firstFrame(in reader: ByteReader, from start: Int) -> (offset: Int, header: MPEGFrameHeader)? {
        guard start >= 0 else { return nil }
        let end = min(reader.count - 4, start + searchWindow)
        var offset = start
        while offset <= end {
            if let header = confirmedFrame(in: reader, at: offset) { return (offset, header) }
            offset += 1
        }
        return nil
    }

    /// The first offset in `from..<end` holding a frame of the same stream as `header` whose successor (when present)
    /// agrees; nil when there is none.
    static func nextFrame(in reader: ByteReader, from start: Int, end: Int, like header: MPEGFrameHeader) -> Int? {
        var offset = start
        while offset + 4 <= end {
            if reader.uint8(at: offset) == 0xFF, let frame = confirmedFrame(in: reader, at: offset), frame.isCompatible(with: header) {
                return offset
            }
            offset += 1
        }
        return nil
    }

    /// The header at `offset` when it is valid and not contradicted by the next frame.
    static func confirmedFrame(in reader: ByteReader, at offset: Int) -> MPEGFrameHeader? {
        guard let header = MPEGFrameHeader(reader, at: offset) else { return nil }
        let next = offset + header.frameLength
        guard reader.has(4, at: next) else { return header }
        guard let following = MPEGFrameHeader(reader, at: next), header.isCompatible(with: following) else {
            return nil
        }
        return header
    }
}
