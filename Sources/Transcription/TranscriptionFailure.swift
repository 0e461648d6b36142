/// A transcription that could not be done, with the status the client gets (SPEC section 8): bad input 400, provider
/// 4xx passed on with the provider's message, provider 429 with `Retry-After`, provider 5xx or refused 502, provider
/// timeout 504, too busy 503 with `Retry-After`.
package struct TranscriptionFailure: Error, Sendable, Equatable, CustomStringConvertible {
    package var status: Int
    package var message: String
    /// For the desktop API's `details` member: what went wrong underneath.
    package var details: String?
    package var retryAfter: Int?
    package var code: String?
    /// True when the provider was called for it (the request was sent, whatever came back): such failures are real
    /// transcription attempts and go into the usage history; refusals before the provider (bad input, busy) do not.
    package var reachedProvider = false

    package init(status: Int, message: String, details: String? = nil, retryAfter: Int? = nil, code: String? = nil) {
        self.status = status
        self.message = message
        self.details = details
        self.retryAfter = retryAfter
        self.code = code
    }

    package var description: String { "\(status) \(message)" + (details.map { ": \($0)" } ?? "") }

    package static func badRequest(_ message: String, code: String? = nil) -> TranscriptionFailure {
        TranscriptionFailure(status: 400, message: message, code: code)
    }

    static func busy(_ message: String, retryAfter: Int = 1) -> TranscriptionFailure {
        TranscriptionFailure(status: 503, message: message, retryAfter: retryAfter)
    }
}
