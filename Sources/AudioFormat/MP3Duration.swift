/// Duration of an MP3 stream: from a Xing/Info or VBRI header's frame count, else from the
/// first frame's bitrate (right for constant bitrate, an estimate otherwise).
enum MP3Duration {
    static func seconds(in reader: ByteReader) -> Double? {
        let start = ID3Tag.length(in: reader) ?? 0
        guard let (offset, header) = MP3FrameScanner.firstFrame(in: reader, from: start) else { return nil }
        if let frames = frameCount(in: reader, frameAt: offset, header: header) {
            return Double(frames) * Double(header.samplesPerFrame) / Double(header.sampleRate)
        }
        var audioEnd = reader.count
        if audioEnd - offset > 128, reader.matches("TAG", at: audioEnd - 128) {
            audioEnd -= 128
        }
        return Double(audioEnd - offset) * 8 / Double(header.bitrate)
    }

    /// The frame count a Xing/Info (LAME) or VBRI (Fraunhofer) header in the first frame gives.
    private static func frameCount(in reader: ByteReader, frameAt offset: Int, header: MPEGFrameHeader) -> UInt32? {
        let xing = offset + 4 + header.sideInfoLength
        if reader.matches("Xing", at: xing) || reader.matches("Info", at: xing) {
            guard let flags = reader.uint32BE(at: xing + 4), flags & 1 != 0,
                  let frames = reader.uint32BE(at: xing + 8), frames > 0 else { return nil }
            return frames
        }
        let vbri = offset + 4 + 32
        if reader.matches("VBRI", at: vbri), let frames = reader.uint32BE(at: vbri + 14), frames > 0 {
            return frames
        }
        return nil
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
