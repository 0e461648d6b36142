internal import CCurl

extension CURLcode {
    /// What a failed transfer's code means to a caller. `detail` is libcurl's error buffer (may be empty).
    func upstreamReason(detail: String) -> UpstreamError.Reason {
        let message = detail.isEmpty ? CurlLibrary.api.describe(self) : detail
        switch self {
        case CURLE_COULDNT_CONNECT:
            return .connectRefused
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .dns
        case CURLE_FILESIZE_EXCEEDED:
            return .responseTooLarge
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR,
             CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_ENGINE_NOTFOUND,
             CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_CLIENTCERT, CURLE_USE_SSL_FAILED:
            return .tls(message)
        case CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_WEIRD_SERVER_REPLY,
             CURLE_HTTP2, CURLE_HTTP2_STREAM, CURLE_HTTP3, CURLE_BAD_CONTENT_ENCODING, CURLE_TOO_MANY_REDIRECTS:
            return .protocolError(message)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_BAD_FUNCTION_ARGUMENT:
            return .invalidRequest(message)
        default:
            return .other(code: Int(rawValue), message: message)
        }
    }
}

/// A libcurl set-up call that failed, thrown inside the module and turned into an `UpstreamError` at the edge.
struct CurlFailure: Error {
    let reason: UpstreamError.Reason
    init(_ reason: UpstreamError.Reason) { self.reason = reason }
}
