import Crypto

/// The SHA-256 of an upload, the audio part of the transcription cache key. CPU-heavy for
/// large files: run it on the `WorkerPool`.
public enum AudioHasher {
    /// Lowercase hexadecimal SHA-256 of `bytes` (64 characters).
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        let digest = SHA256.hash(data: bytes)
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
