/// Which Whisper provider transcribes audio (`TRANSCRIPTION_PROVIDER`).
public enum TranscriptionProvider: String, Hashable, Sendable, CaseIterable {
    /// Groq's OpenAI-compatible API; needs `GROQ_API_KEY`.
    case groq
    /// Any OpenAI-compatible provider at `OPENAI_BASE_URL`.
    case openai
    /// The local Whisper engine at `LOCAL_WHISPER_URL`.
    case local
}
