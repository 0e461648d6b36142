import AudioFormat
/// A Whisper provider behind the OpenAI transcription API (Groq, OpenAI or any compatible service, or the local
/// engine), plus its chat endpoint for the `grammar` and `rewrite` modes.
package protocol WhisperProvider: Sendable {
    var name: String { get }
    /// The model used when the client names none (or names the `whisper-1` alias).
    var defaultModel: String { get }
    func transcribe(_ audio: ProviderAudio, parameters: TranscriptionParameters) async throws -> ProviderTranscript
    func complete(system: String, user: String, temperature: Double, maxTokens: Int) async throws -> String
}

/// The audio as the provider receives it.
package struct ProviderAudio: Sendable {
    var bytes: [UInt8]
    var filename: String
    var format: AudioFormat
}

/// What the provider answered.
package struct ProviderTranscript: Sendable, Equatable {
    var text: String
    var durationSeconds: Double?
    var language: String?
    var verboseJSON: [UInt8]?
}
