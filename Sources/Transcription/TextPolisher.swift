/// The `grammar` and `rewrite` modes: a second call to the provider's chat endpoint with prompts of our own. A failed
/// call fails the request; a half-processed result is never returned as success.
enum TextPolisher {
    static let grammarPrompt = """
        You correct dictated text. Fix spelling, grammar, punctuation and capitalisation. Keep the speaker's words, \
        voice, language and meaning; do not add, remove or summarise content. Reply with the corrected text only, \
        without quotes or commentary.
        """

    static let rewritePrompt = """
        You turn dictated speech into clear written text. Remove filler words, false starts and repetitions; fix \
        spelling, grammar and punctuation; split run-on sentences; keep the speaker's intent, tone, language and every \
        fact. If the speech is a list, a message or an instruction, format it as such. Reply with the rewritten text \
        only, without quotes or commentary.
        """

    static func polish(_ text: String, mode: String, provider: any WhisperProvider) async throws -> String {
        let (prompt, temperature, maxTokens) = mode == "rewrite" ? (rewritePrompt, 0.4, 1500) : (grammarPrompt, 0.2, 1000)
        do {
            return try await provider.complete(system: prompt, user: text, temperature: temperature, maxTokens: maxTokens)
        } catch var failure as TranscriptionFailure {
            // A rate limit keeps its 429 and Retry-After. Anything else the chat call met is not the client's fault
            // (its upload was fine): a provider without a chat endpoint (404) or refusing our prompt (400) is a 502,
            // like a provider error; a timeout stays 504.
            if failure.status == 429 { throw failure }
            if failure.status != 504 {
                let underlying = failure.message
                failure.details = failure.details.map { "\(underlying): \($0)" } ?? underlying
                failure.status = 502
                failure.code = nil
            }
            failure.message = "AI enhancement failed"
            throw failure
        }
    }
}
