import HTTPServer
import HTTP1

/// A transcription that could not be done, with the status the client gets (SPEC section 8): bad input 400, provider
/// 4xx passed on with the provider's message, provider 429 with `Retry-After`, provider 5xx or refused 502, provider
/// timeout 504, too busy 503 with `Retry-After`.
struct TranscriptionFailure: Error, Sendable, Equatable, CustomStringConvertible {
    var status: Int
    var message: String
    /// For the desktop API's `details` member: what went wrong underneath.
    var details: String?
    var retryAfter: Int?
    var code: String?

    var description: String { "\(status) \(message)" + (details.map { ": \($0)" } ?? "") }

    static func badRequest(_ message: String, code: String? = nil) -> TranscriptionFailure {
        TranscriptionFailure(status: 400, message: message, code: code)
    }

    static func busy(_ message: String, retryAfter: Int = 1) -> TranscriptionFailure {
        TranscriptionFailure(status: 503, message: message, retryAfter: retryAfter)
    }

    func response(style: ErrorStyle) -> Response {
        var extra: [(String, String)] = []
        if let details { extra.append(("details", JSON.quote(details))) }
        if let retryAfter { extra.append(("retryAfter", String(retryAfter))) }
        var response = style.response(message, status: status, extra: extra, code: code)
        if let retryAfter { response.headers.set("Retry-After", String(retryAfter)) }
        return response
    }
}
