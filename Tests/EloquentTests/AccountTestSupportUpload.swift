@testable import Multipart
@testable import Eloquent

/// Audio and multipart uploads for the metering tests.
enum AccountUpload {
    /// A minimal valid WAV file: RIFF/WAVE, a PCM `fmt ` chunk (16 kHz, mono, 16-bit) and `samples` samples of silence.
    static func wav(samples: Int = 16_000) -> [UInt8] {
        let dataBytes = samples * 2
        var bytes: [UInt8] = Array("RIFF".utf8) + le32(36 + dataBytes) + Array("WAVE".utf8)
        bytes += Array("fmt ".utf8) + le32(16) + le16(1) + le16(1) + le32(16_000) + le32(32_000) + le16(2) + le16(16)
        bytes += Array("data".utf8) + le32(dataBytes) + [UInt8](repeating: 0, count: dataBytes)
        return bytes
    }

    /// A multipart form with `audio` (a WAV file) and the given text fields.
    static func form(audio: [UInt8] = wav(), fields: [(String, String)] = []) -> (contentType: String, body: [UInt8]) {
        var builder = MultipartBuilder()
        for (name, value) in fields { builder.addField(name: name, value: value) }
        builder.addFile(name: "audio", filename: "speech.wav", contentType: "audio/wav", bytes: audio)
        return (builder.contentType, builder.build())
    }

    private static func le32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) } }
    private static func le16(_ value: Int) -> [UInt8] { (0..<2).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) } }
}
