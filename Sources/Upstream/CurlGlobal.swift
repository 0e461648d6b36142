internal import CCurl

/// `curl_global_init`'s result, computed once by whichever thread asks first (Swift initialises globals lazily and
/// thread-safely), so libcurl's global set-up never races.
private let globalInitCode: UInt32 = curl_global_init(Int(CURL_GLOBAL_DEFAULT)).rawValue

enum CurlGlobal {
    /// Initialises libcurl once; the reason it failed, if it did.
    static func initialize() -> UpstreamError.Reason? {
        let code = CURLcode(rawValue: globalInitCode)
        guard code != CURLE_OK else { return nil }
        return .other(code: Int(globalInitCode), message: "curl_global_init: " + String(cString: curl_easy_strerror(code)))
    }
}
