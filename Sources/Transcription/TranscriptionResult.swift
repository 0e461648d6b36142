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

    package init(model: String, language: String?, prompt: String?, temperature: Double?, mode: String, providerFormat: String) {
        self.model = model
        self.language = language
        self.prompt = prompt
        self.temperature = temperature
        self.mode = mode
        self.providerFormat = providerFormat
    }

    func cacheKey(audioHash: String, provider: String) -> String {
        [audioHash, provider, model, language ?? "", prompt ?? "", temperature.map { String($0) } ?? "", mode, providerFormat]
            .joined(separator: "\u{1F}")
    }
}
