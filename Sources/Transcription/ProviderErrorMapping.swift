import Basics
import FoundationEssentials
import Upstream

/// Provider failures as clients see them (SPEC section 8).
enum ProviderErrorMapping {
    static func failure(for error: UpstreamError, provider: String) -> any Error {
        switch error.reason {
        case .cancelled:
            return CancellationError()
        case .timeout:
            return TranscriptionFailure(status: 504, message: "Transcription provider timed out", details: "\(error)")
        default:
            return TranscriptionFailure(status: 502, message: "Transcription provider unavailable", details: "\(error)")
        }
    }

    static func failure(for response: UpstreamResponse, provider: String) -> TranscriptionFailure {
        let message = providerMessage(response.body) ?? "\(provider) answered \(response.status)"
        switch response.status {
        case 429:
            let retry = response.header("Retry-After").flatMap { Int($0.trimmed()) } ?? 1
            return TranscriptionFailure(status: 429, message: message, details: "rate limited by \(provider)", retryAfter: max(1, retry),
                                        code: "rate_limit_exceeded")
        case 400..<500:
            // 401/403 from the provider mean our key is wrong, not the client's: that is our fault.
            if response.status == 401 || response.status == 403 {
                return TranscriptionFailure(status: 502, message: "Transcription provider refused this server's credentials", details: message)
            }
            return TranscriptionFailure(status: response.status, message: message, details: "from \(provider)")
        default:
            return TranscriptionFailure(status: 502, message: "Transcription provider failed", details: "\(provider) answered \(response.status): \(message)")
        }
    }

    /// The message of an OpenAI-style error body (`{"error":{"message":…}}` or `{"error":"…"}`), if any.
    static func providerMessage(_ body: [UInt8]) -> String? {
        struct Nested: Decodable { struct Inner: Decodable { var message: String }; var error: Inner }
        struct Flat: Decodable { var error: String }
        let data = Data(body)
        if let nested = try? JSONDecoder().decode(Nested.self, from: data) { return nested.error.message }
        if let flat = try? JSONDecoder().decode(Flat.self, from: data) { return flat.error }
        let text = String(decoding: body.prefix(300), as: UTF8.self).trimmed()
        return text.isEmpty ? nil : text
    }
}
