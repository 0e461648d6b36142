/// What a transcription produced: the (possibly polished) text, the raw transcript, and what the provider told us.
package struct TranscriptionResult: Sendable, Equatable {
    package var text: String
    package var originalText: String
    package var aiProcessed: Bool
    /// Seconds of audio (the provider's figure, else the decoded length, else an estimate).
    package var durationSeconds: Double
    package var language: String?
    /// The provider's `verbose_json` body when it sent one (for `/v1` clients asking for `verbose_json`).
    package var verboseJSON: [UInt8]?

    var approximateBytes: Int { text.utf8.count + originalText.utf8.count + (verboseJSON?.count ?? 0) + 64 }
}

/// The parameters of one transcription that change its answer (all part of the cache key).
package struct TranscriptionParameters: Sendable, Equatable {
    var model: String
    package var language: String?
    var prompt: String?
    var temperature: Double?
    /// `standard`, `grammar` or `rewrite`.
    var mode: String
    /// The format asked of the provider: `verbose_json` unless the client insisted on `text`.
    var providerFormat: String
    /// Transcription in the spoken language, or translation to English (`/audio/translations`).
    package var task: TranscriptionTask

    package init(model: String, language: String?, prompt: String?, temperature: Double?, mode: String, providerFormat: String,
                 task: TranscriptionTask = .transcribe) {
        self.model = model
        self.language = task == .translate ? nil : language
        self.prompt = prompt
        self.temperature = temperature
        self.mode = mode
        self.providerFormat = providerFormat
        self.task = task
    }

    func cacheKey(audioHash: String, provider: String) -> String {
        [audioHash, provider, task.rawValue, model, language ?? "", prompt ?? "", temperature.map { String($0) } ?? "", mode,
         providerFormat].joined(separator: "\u{1F}")
    }
}

/// What the provider is asked to do with the audio.
package enum TranscriptionTask: String, Sendable, Equatable {
    /// Text in the spoken language (`/audio/transcriptions`).
    case transcribe
    /// Text in English (`/audio/translations`, which takes no `language`).
    case translate
}
