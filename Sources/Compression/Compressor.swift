/// One-shot compression of a complete body, with a new stream sized to the body.
/// To compress many bodies, a kept `Deflater` with `reset()` avoids setting up zlib each time.
public enum Compressor {
    /// Returns `bytes` compressed with `coding` at `level` (0…9, or -1 for zlib's default).
    public static func compress(_ bytes: [UInt8], coding: ContentCoding, level: Int) throws(CompressionError) -> [UInt8] {
        try compress(bytes.span, coding: coding, level: level)
    }

    /// Returns `bytes` compressed with `coding` at `level` (0…9, or -1 for zlib's default).
    public static func compress(_ bytes: Span<UInt8>, coding: ContentCoding, level: Int) throws(CompressionError) -> [UInt8] {
        var deflater = try Deflater(coding: coding, level: level, sizeHint: bytes.count)
        return try deflater.compressAndFinish(bytes)
    }
}
