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
