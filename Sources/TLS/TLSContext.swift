internal import COpenSSL

/// A server certificate and key loaded into an OpenSSL context: TLS 1.2 or newer with the library's default ciphers,
/// ALPN `h2` (when offered) and `http/1.1`. Immutable once made; a reload makes a new one, and connections keep the
/// context they started with. Safe to share across threads (OpenSSL contexts are reference-counted and locked).
public final class TLSContext: @unchecked Sendable {
    let context: OpaquePointer
    /// The certificate's last valid moment, as OpenSSL prints it (e.g. "Dec  1 12:00:00 2027 GMT").
    public private(set) var notAfter: String

    /// Loads `certificateFile` (PEM chain, leaf first) and `keyFile` (PEM). Refuses a certificate that is expired or
    /// not yet valid, and a key that does not belong to it.
    /// OpenSSL is loaded (once per process) by the first context made.
    public init(certificateFile: String, keyFile: String, offerHTTP2: Bool) throws(TLSError) {
        let openssl = try OpenSSLLibrary.loaded.get()
        openssl.ERR_clear_error()
        guard let made = openssl.SSL_CTX_new(openssl.TLS_server_method()) else { throw TLSError.fromQueue("SSL_CTX_new") }
        context = made
        notAfter = ""  // set below once the certificate is read; `self` must be complete for deinit on failure
        if eloquent_SSL_CTX_set_min_proto_version(openssl.SSL_CTX_ctrl, context, TLS1_2_VERSION) != 1 {
            throw TLSError.fromQueue("SSL_CTX_set_min_proto_version")
        }
        _ = eloquent_SSL_CTX_set_mode(openssl.SSL_CTX_ctrl, context, Int(SSL_MODE_RELEASE_BUFFERS))  // returns the new mode bitmask
        if openssl.SSL_CTX_use_certificate_chain_file(context, certificateFile) != 1 {
            throw TLSError.fromQueue("reading the certificate \(certificateFile)")
        }
        let mismatch = TLSError("checking the private key",
                                reason: "the key in \(keyFile) does not match the certificate in \(certificateFile)")
        if openssl.SSL_CTX_use_PrivateKey_file(context, keyFile, SSL_FILETYPE_PEM) != 1 {
            let last = openssl.ERR_peek_last_error()
            if ERR_GET_LIB(last) == ERR_LIB_X509, ERR_GET_REASON(last) == X509_R_KEY_VALUES_MISMATCH {
                openssl.ERR_clear_error()
                throw mismatch
            }
            throw TLSError.fromQueue("reading the private key \(keyFile)")
        }
        if openssl.SSL_CTX_check_private_key(context) != 1 {
            openssl.ERR_clear_error()
            throw mismatch
        }
        guard let leaf = openssl.SSL_CTX_get0_certificate(context) else {
            throw TLSError("reading the certificate \(certificateFile)", reason: "no certificate found")
        }
        let until = Self.timeText(openssl.X509_get0_notAfter(leaf))
        if openssl.X509_cmp_current_time(openssl.X509_get0_notBefore(leaf)) > 0 {
            throw TLSError("checking the certificate \(certificateFile)",
                           reason: "not valid yet (valid from \(Self.timeText(openssl.X509_get0_notBefore(leaf))))")
        }
        if openssl.X509_cmp_current_time(openssl.X509_get0_notAfter(leaf)) < 0 {
            throw TLSError("checking the certificate \(certificateFile)", reason: "expired on \(until)")
        }
        notAfter = until
        openssl.SSL_CTX_set_alpn_select_cb(context, tlsSelectALPN, offerHTTP2 ? UnsafeMutableRawPointer(bitPattern: 1) : nil)
    }

    deinit { openssl.SSL_CTX_free(context) }

    /// A server-side session for one connection.
    public func makeSession() throws(TLSError) -> TLSSession {
        try TLSSession(context: context)
    }

    private static func timeText(_ time: UnsafePointer<ASN1_TIME>?) -> String {
        guard let time, let bio = openssl.BIO_new(openssl.BIO_s_mem()) else { return "an unknown date" }
        defer { _ = openssl.BIO_free(bio) }
        guard openssl.ASN1_TIME_print(bio, time) == 1 else { return "an unknown date" }
        var bytes = [UInt8](repeating: 0, count: 64)
        let count = openssl.BIO_read(bio, &bytes, Int32(bytes.count))
        return count > 0 ? String(decoding: bytes[..<Int(count)], as: UTF8.self) : "an unknown date"
    }
}

/// ALPN: `h2` when the client offers it and HTTP/2 is on (`arg` non-nil), else `http/1.1`; with neither, no ALPN.
func tlsSelectALPN(_: OpaquePointer?, _ out: UnsafeMutablePointer<UnsafePointer<UInt8>?>?,
                   _ outLength: UnsafeMutablePointer<UInt8>?, _ offered: UnsafePointer<UInt8>?, _ offeredLength: UInt32,
                   _ arg: UnsafeMutableRawPointer?) -> Int32 {
    guard let offered else { return SSL_TLSEXT_ERR_NOACK }
    let wanted: [[UInt8]] = arg != nil ? [Array("h2".utf8), Array("http/1.1".utf8)] : [Array("http/1.1".utf8)]
    for protocolName in wanted {
        var index = 0
        while index < Int(offeredLength) {
            let length = Int(offered[index])
            let start = index + 1
            if start + length > Int(offeredLength) { break }
            if length == protocolName.count, (0..<length).allSatisfy({ offered[start + $0] == protocolName[$0] }) {
                out!.pointee = offered + start
                outLength!.pointee = UInt8(length)
                return SSL_TLSEXT_ERR_OK
            }
            index = start + length
        }
    }
    return SSL_TLSEXT_ERR_NOACK
}
