import Basics
/// Whether a response should be compressed, following h2o's compress handler.
public enum CompressionPolicy {
    /// True when the response should be compressed: not a `HEAD` request, not HTTP/1.0,
    /// status 200…299 except 204, 205 and 206, a body of at least `minBytes` (and at least one)
    /// bytes, no `Content-Encoding` other than `identity` already, and a compressible
    /// `contentType` (text/* except event streams, JSON, JavaScript, XML, `+json`/`+xml`,
    /// SVG, …). Audio, video, other images, archives, PDF, WOFF fonts and unknown or missing
    /// types are never compressed. The caller still checks the client's `Accept-Encoding`.
    public static func shouldCompress(method: String, isHTTP10: Bool, status: Int, contentType: String?,
                                      contentEncoding: String?, bodyCount: Int, minBytes: Int) -> Bool {
        guard method != "HEAD", !isHTTP10 else { return false }
        guard (200...299).contains(status), ![204, 205, 206].contains(status) else { return false }
        guard bodyCount >= max(minBytes, 1) else { return false }
        if let contentEncoding {
            let coding = contentEncoding[...].trimmingWhitespace()
            guard coding.isEmpty || coding.lowercased() == "identity" else { return false }
        }
        guard let contentType else { return false }
        return CompressibleMediaType.isCompressible(contentType)
    }
}

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

