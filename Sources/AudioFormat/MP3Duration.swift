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
