/// What the stand-in provider does with a transcription request once it has read and checked it.
enum StandInReply: Sendable {
    /// 200 with `text` in the format the request asked for (`json`, `text` or `verbose_json`).
    case transcript(String)
    /// The same answer, after `delay`.
    case slow(Duration, String)
    /// Waits until `StandInProvider.release()` is called (or the request is cancelled), then answers `text`.
    case held(String)
    /// A given status, body and headers.
    case status(Int, body: String, headers: [(String, String)])
    /// No answer at all: sleeps until the request is cancelled (its connection closed).
    case never

    /// An OpenAI-shaped error body.
    static func openAIError(_ status: Int, message: String, code: String, headers: [(String, String)] = []) -> StandInReply {
        .status(status, body: #"{"error":{"message":"\#(message)","type":"invalid_request_error","code":"\#(code)"}}"#,
                headers: [("Content-Type", "application/json")] + headers)
    }
}

/// What the stand-in's `/chat/completions` does.
enum StandInChat: Sendable {
    /// 404, as a provider without a chat endpoint answers.
    case missing
    /// 200 with one choice whose content is `text`.
    case answer(String)
}
