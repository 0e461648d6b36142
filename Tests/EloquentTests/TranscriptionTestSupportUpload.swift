@testable import Multipart
import TestSupport
@testable import Eloquent

/// Multipart uploads to the running server over `RawClient`, and the audio they carry.
enum TranscriptionUpload {
    static let desktopPath = "/api/transcribe/audio"
    static let openAIPath = "/v1/audio/transcriptions"

    /// A PCM WAV (16 kHz mono 16-bit) of `dataBytes` bytes whose samples follow `seed`, so that two calls with
    /// different seeds give different audio (and different hashes).
    static func wav(seed: UInt64, dataBytes: Int = 8_000) -> [UInt8] {
        var audio = AudioFixtures.wav(dataBytes: dataBytes)
        var generator = SplitMix64(seed: seed)
        let start = audio.count - dataBytes
        for index in start..<audio.count { audio[index] = UInt8(truncatingIfNeeded: generator.next()) }
        return audio
    }

    /// A multipart body of `fields` and, when given, one file part.
    static func form(_ fields: [(String, String)], file: (name: String, filename: String, bytes: [UInt8])?) -> (contentType: String, body: [UInt8]) {
        var builder = MultipartBuilder()
        for (name, value) in fields { builder.addField(name: name, value: value) }
        if let file { builder.addFile(name: file.name, filename: file.filename, contentType: "audio/wav", bytes: file.bytes) }
        return (builder.contentType, builder.build())
    }

    /// Posts a multipart body to `path` with `token` (none when nil) on a fresh connection.
    static func post(
        _ session: TranscriptionSession, _ path: String, fields: [(String, String)] = [],
        file: (name: String, filename: String, bytes: [UInt8])?, token: String? = nil
    ) throws -> RawClient.Reply {
        let (contentType, body) = form(fields, file: file)
        return try raw(session, path, contentType: contentType, body: body, token: token ?? session.token)
    }

    /// Posts `body` as is.
    static func raw(_ session: TranscriptionSession, _ path: String, contentType: String?, body: [UInt8],
                    token: String?) throws -> RawClient.Reply {
        var headers: [(String, String)] = []
        if let token { headers.append(("Authorization", "Bearer " + token)) }
        if let contentType { headers.append(("Content-Type", contentType)) }
        return try StackLive.send(session.port, path, method: "POST", headers: headers, body: body)
    }

    /// The desktop API: `audio`, `language`, `mode`.
    static func desktop(_ session: TranscriptionSession, audio: [UInt8], language: String? = nil,
                        mode: String? = nil) throws -> RawClient.Reply {
        var fields: [(String, String)] = []
        if let language { fields.append(("language", language)) }
        if let mode { fields.append(("mode", mode)) }
        return try post(session, desktopPath, fields: fields, file: ("audio", "clip.wav", audio))
    }

    /// The OpenAI API: `file`, `model`, `response_format`, `language`.
    static func openAI(_ session: TranscriptionSession, audio: [UInt8], format: String? = nil, language: String? = nil,
                       path: String = openAIPath) throws -> RawClient.Reply {
        var fields: [(String, String)] = [("model", "whisper-1")]
        if let format { fields.append(("response_format", format)) }
        if let language { fields.append(("language", language)) }
        return try post(session, path, fields: fields, file: ("file", "speech.wav", audio))
    }
}
