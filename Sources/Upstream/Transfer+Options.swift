internal import CCurl

extension Transfer {
    /// Creates the easy handle and sets every option; the reason on the first failure.
    func prepare(configuration: UpstreamPool.Configuration, driver: UnsafeMutableRawPointer) throws(CurlFailure) {
        let curl = CurlLibrary.api  // the driver loaded it before preparing a transfer
        guard let handle = curl.easyInit() else { throw CurlFailure(.other(code: -1, message: "curl_easy_init returned NULL")) }
        easy = handle
        let me = Unmanaged.passUnretained(self).toOpaque()
        let timeout = (request.timeout ?? configuration.requestTimeout).milliseconds()

        try setString(CURLOPT_URL, request.url, "CURLOPT_URL")
        try setString(CURLOPT_PROTOCOLS_STR, "http,https", "CURLOPT_PROTOCOLS_STR")
        try setPointer(CURLOPT_ERRORBUFFER, errorBuffer, "CURLOPT_ERRORBUFFER")
        try setLong(CURLOPT_NOSIGNAL, 1, "CURLOPT_NOSIGNAL")
        try setLong(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS), "CURLOPT_HTTP_VERSION")
        if request.url.lowercased().hasPrefix("https://") {
            try setLong(CURLOPT_PIPEWAIT, 1, "CURLOPT_PIPEWAIT")  // prefer a stream on an HTTP/2 connection
        }
        try setLong(CURLOPT_TCP_KEEPALIVE, 1, "CURLOPT_TCP_KEEPALIVE")
        try setLong(CURLOPT_TCP_KEEPIDLE, 30, "CURLOPT_TCP_KEEPIDLE")
        try setLong(CURLOPT_TCP_KEEPINTVL, 15, "CURLOPT_TCP_KEEPINTVL")
        try setLong(CURLOPT_CONNECTTIMEOUT_MS, configuration.connectTimeout.milliseconds(), "CURLOPT_CONNECTTIMEOUT_MS")
        try setLong(CURLOPT_TIMEOUT_MS, timeout, "CURLOPT_TIMEOUT_MS")
        try setLong(CURLOPT_MAXAGE_CONN, max(1, configuration.idleTimeout.milliseconds() / 1000), "CURLOPT_MAXAGE_CONN")
        try setOff(CURLOPT_MAXFILESIZE_LARGE, configuration.maxResponseBytes, "CURLOPT_MAXFILESIZE_LARGE")
        try setString(CURLOPT_USERAGENT, configuration.userAgent, "CURLOPT_USERAGENT")
        if let caBundle = configuration.caBundlePath { try setString(CURLOPT_CAINFO, caBundle, "CURLOPT_CAINFO") }

        try check(upstream_easy_setopt_data_callback(curl.easySetopt, handle, CURLOPT_WRITEFUNCTION, transferWriteCallback), "CURLOPT_WRITEFUNCTION")
        try setPointer(CURLOPT_WRITEDATA, me, "CURLOPT_WRITEDATA")
        try check(upstream_easy_setopt_data_callback(curl.easySetopt, handle, CURLOPT_HEADERFUNCTION, transferHeaderCallback), "CURLOPT_HEADERFUNCTION")
        try setPointer(CURLOPT_HEADERDATA, me, "CURLOPT_HEADERDATA")
        try check(upstream_easy_setopt_opensocket_callback(curl.easySetopt, handle, driverOpenSocketCallback), "CURLOPT_OPENSOCKETFUNCTION")
        // The transfer, not the driver: the socket is recorded with the host it connects to.
        try setPointer(CURLOPT_OPENSOCKETDATA, me, "CURLOPT_OPENSOCKETDATA")
        try check(upstream_easy_setopt_closesocket_callback(curl.easySetopt, handle, driverCloseSocketCallback), "CURLOPT_CLOSESOCKETFUNCTION")
        try setPointer(CURLOPT_CLOSESOCKETDATA, driver, "CURLOPT_CLOSESOCKETDATA")
        try check(upstream_easy_setopt_prereq_callback(curl.easySetopt, handle, transferPrereqCallback), "CURLOPT_PREREQFUNCTION")
        try setPointer(CURLOPT_PREREQDATA, me, "CURLOPT_PREREQDATA")

        try prepareMethodAndBody(me)
        try prepareHeaders()
    }

    private func prepareMethodAndBody(_ me: UnsafeMutableRawPointer) throws(CurlFailure) {
        let method = request.method
        if method == "HEAD" {
            try setLong(CURLOPT_NOBODY, 1, "CURLOPT_NOBODY")
        } else if bodyLength > 0 || method == "POST" || method == "PUT" || method == "PATCH" {
            try setLong(CURLOPT_POST, 1, "CURLOPT_POST")
            try setOff(CURLOPT_POSTFIELDSIZE_LARGE, bodyLength, "CURLOPT_POSTFIELDSIZE_LARGE")
            try check(upstream_easy_setopt_data_callback(CurlLibrary.api.easySetopt, easy, CURLOPT_READFUNCTION, transferReadCallback), "CURLOPT_READFUNCTION")
            try setPointer(CURLOPT_READDATA, me, "CURLOPT_READDATA")
            try check(upstream_easy_setopt_seek_callback(CurlLibrary.api.easySetopt, easy, transferSeekCallback), "CURLOPT_SEEKFUNCTION")
            try setPointer(CURLOPT_SEEKDATA, me, "CURLOPT_SEEKDATA")
            if method != "POST" { try setString(CURLOPT_CUSTOMREQUEST, method, "CURLOPT_CUSTOMREQUEST") }
        } else if method != "GET" {
            try setString(CURLOPT_CUSTOMREQUEST, method, "CURLOPT_CUSTOMREQUEST")
        }
    }

    /// The caller's headers, plus empty ones that stop libcurl adding `Expect: 100-continue` (a round trip) and a
    /// form `Content-Type` the caller did not ask for.
    private func prepareHeaders() throws(CurlFailure) {
        var lines = request.headers.map { "\($0.0): \($0.1)" }
        let names = Set(request.headers.map { $0.0.lowercased() })
        if !names.contains("expect") { lines.append("Expect:") }
        if !names.contains("content-type") { lines.append("Content-Type:") }
        for line in lines {
            guard let appended = CurlLibrary.api.slistAppend(headerList, line) else {
                throw CurlFailure(.other(code: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "curl_slist_append failed"))
            }
            headerList = appended
        }
        try setPointer(CURLOPT_HTTPHEADER, headerList, "CURLOPT_HTTPHEADER")
    }

    private func setLong(_ option: CURLoption, _ value: Int, _ name: String) throws(CurlFailure) {
        try check(upstream_easy_setopt_long(CurlLibrary.api.easySetopt, easy, option, value), name)
    }

    private func setOff(_ option: CURLoption, _ value: Int, _ name: String) throws(CurlFailure) {
        try check(upstream_easy_setopt_off(CurlLibrary.api.easySetopt, easy, option, curl_off_t(value)), name)
    }

    private func setPointer(_ option: CURLoption, _ value: UnsafeRawPointer?, _ name: String) throws(CurlFailure) {
        try check(upstream_easy_setopt_pointer(CurlLibrary.api.easySetopt, easy, option, value), name)
    }

    private func setString(_ option: CURLoption, _ value: String, _ name: String) throws(CurlFailure) {
        let code = value.withCString { upstream_easy_setopt_pointer(CurlLibrary.api.easySetopt, easy, option, $0) }
        try check(code, name)
    }

    private func check(_ code: CURLcode, _ name: String) throws(CurlFailure) {
        guard code != CURLE_OK else { return }
        let message = "curl_easy_setopt(\(name)): " + CurlLibrary.api.describe(code)
        if code == CURLE_URL_MALFORMAT || code == CURLE_UNSUPPORTED_PROTOCOL { throw CurlFailure(.invalidRequest(message)) }
        throw CurlFailure(.other(code: Int(code.rawValue), message: message))
    }
}
