import HTTPServer
import HTTP1

/// The two error shapes the server speaks: the desktop API's `{"error": "…", …}` and, under `/v1/` and
/// `/openai/v1/`, OpenAI's `{"error": {"message", "type", "code"}}`, so that OpenAI and Groq SDKs understand them.
enum ErrorStyle {
    case desktop
    case openAI

    static func of(path: String) -> ErrorStyle {
        path.hasPrefix("/v1/") || path.hasPrefix("/openai/v1/") ? .openAI : .desktop
    }

    /// An error response in this style. `extra` members (already JSON-encoded) go next to `error` for the desktop
    /// shape; the OpenAI shape has no room for them.
    func response(_ message: String, status: Int, extra: [(String, String)] = [], code: String? = nil) -> Response {
        switch self {
        case .desktop:
            return .error(message, status: status, extra: extra)
        case .openAI:
            let codeJSON = (code ?? Self.defaultCode(status)).map(JSON.quote) ?? "null"
            return .json("{\"error\":{\"message\":\(JSON.quote(message)),\"type\":\(JSON.quote(Self.type(status))),\"param\":null,\"code\":\(codeJSON)}}", status: status)
        }
    }

    static func type(_ status: Int) -> String {
        switch status {
        case 401: "authentication_error"
        case 403: "permission_error"
        case 404: "not_found_error"
        case 429: "rate_limit_error"
        case 500...: "server_error"
        default: "invalid_request_error"
        }
    }

    static func defaultCode(_ status: Int) -> String? {
        switch status {
        case 401: "invalid_api_key"
        case 413: "request_too_large"
        case 429: "rate_limit_exceeded"
        default: nil
        }
    }
}
