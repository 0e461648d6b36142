internal import COpenSSL
internal import Glibc

/// OpenSSL (libssl, and libcrypto through it), loaded with `dlopen` by the first `TLSContext` rather than linked:
/// libcrypto alone costs about 3 MB of resident memory from the moment it is mapped (its relocations), and a server
/// without `TLS_CERT_FILE` needs none of it. The members carry OpenSSL's own names, so that `openssl.SSL_new(ctx)`
/// reads as the C call it is.
struct OpenSSLLibrary: @unchecked Sendable {  // C function pointers into a library that is never unloaded
    /// The shared object's name (its SONAME: the runtime package, e.g. Debian's libssl3, provides it).
    static let soname = "libssl.so.3"

    let ASN1_TIME_print: @convention(c) (OpaquePointer?, UnsafePointer<ASN1_TIME>?) -> Int32
    let BIO_ctrl: UnsafeMutableRawPointer  // for the shim's macros (`eloquent_BIO_set_mem_eof_return`)
    let BIO_ctrl_pending: @convention(c) (OpaquePointer?) -> Int
    let BIO_free: @convention(c) (OpaquePointer?) -> Int32
    let BIO_new: @convention(c) (OpaquePointer?) -> OpaquePointer?
    let BIO_read: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, Int32) -> Int32
    let BIO_s_mem: @convention(c) () -> OpaquePointer?
    let BIO_write: @convention(c) (OpaquePointer?, UnsafeRawPointer?, Int32) -> Int32
    let ERR_clear_error: @convention(c) () -> Void
    let ERR_error_string_n: @convention(c) (UInt, UnsafeMutablePointer<CChar>?, Int) -> Void
    let ERR_get_error: @convention(c) () -> UInt
    let ERR_peek_last_error: @convention(c) () -> UInt
    let SSL_CTX_check_private_key: @convention(c) (OpaquePointer?) -> Int32
    let SSL_CTX_ctrl: UnsafeMutableRawPointer  // for the shim's macros (`eloquent_SSL_CTX_set_mode` and the like)
    let SSL_CTX_free: @convention(c) (OpaquePointer?) -> Void
    let SSL_CTX_get0_certificate: @convention(c) (OpaquePointer?) -> OpaquePointer?
    let SSL_CTX_new: @convention(c) (OpaquePointer?) -> OpaquePointer?
    let SSL_CTX_set_alpn_select_cb: @convention(c) (OpaquePointer?, SSL_CTX_alpn_select_cb_func?, UnsafeMutableRawPointer?) -> Void
    let SSL_CTX_use_PrivateKey_file: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Int32) -> Int32
    let SSL_CTX_use_certificate_chain_file: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> Int32
    let SSL_free: @convention(c) (OpaquePointer?) -> Void
    let SSL_get0_alpn_selected: @convention(c) (OpaquePointer?, UnsafeMutablePointer<UnsafePointer<UInt8>?>?, UnsafeMutablePointer<UInt32>?) -> Void
    let SSL_get_error: @convention(c) (OpaquePointer?, Int32) -> Int32
    let SSL_is_init_finished: @convention(c) (OpaquePointer?) -> Int32
    let SSL_new: @convention(c) (OpaquePointer?) -> OpaquePointer?
    let SSL_pending: @convention(c) (OpaquePointer?) -> Int32
    let SSL_read_ex: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, Int, UnsafeMutablePointer<Int>?) -> Int32
    let SSL_set_accept_state: @convention(c) (OpaquePointer?) -> Void
    let SSL_set_bio: @convention(c) (OpaquePointer?, OpaquePointer?, OpaquePointer?) -> Void
    let SSL_shutdown: @convention(c) (OpaquePointer?) -> Int32
    let SSL_write_ex: @convention(c) (OpaquePointer?, UnsafeRawPointer?, Int, UnsafeMutablePointer<Int>?) -> Int32
    let TLS_server_method: @convention(c) () -> OpaquePointer?
    let X509_cmp_current_time: @convention(c) (UnsafePointer<ASN1_TIME>?) -> Int32
    let X509_get0_notAfter: @convention(c) (OpaquePointer?) -> UnsafePointer<ASN1_TIME>?
    let X509_get0_notBefore: @convention(c) (OpaquePointer?) -> UnsafePointer<ASN1_TIME>?

    /// The library, loaded by whichever thread asks first (a global: Swift initialises it once, thread-safely); or
    /// why it could not be.
    static var loaded: Result<OpenSSLLibrary, TLSError> { openSSLLoadResult }

    /// The loaded library, for code that holds an OpenSSL object (which only exists once `loaded` succeeded).
    static var api: OpenSSLLibrary {
        guard case .success(let library) = openSSLLoadResult else { preconditionFailure("OpenSSL used before it was loaded") }
        return library
    }

    fileprivate static func load() -> Result<OpenSSLLibrary, TLSError> {
        guard let handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL) else {
            return .failure(TLSError("loading OpenSSL", reason: "dlopen(\(soname)): " + (dlerror().map { String(cString: $0) } ?? "unknown error")))
        }
        // dlsym on libssl's handle also finds libcrypto's functions (its dependency).
        func symbol<F>(_ name: String, _ type: F.Type = F.self) throws(TLSError) -> F {
            guard let pointer = dlsym(handle, name) else {
                throw TLSError("loading OpenSSL", reason: "dlsym(\(name)) in \(soname): " + (dlerror().map { String(cString: $0) } ?? "not found"))
            }
            return unsafeBitCast(pointer, to: F.self)
        }
        do throws(TLSError) {
            return .success(OpenSSLLibrary(
                ASN1_TIME_print: try symbol("ASN1_TIME_print"), BIO_ctrl: try symbol("BIO_ctrl"),
                BIO_ctrl_pending: try symbol("BIO_ctrl_pending"), BIO_free: try symbol("BIO_free"),
                BIO_new: try symbol("BIO_new"), BIO_read: try symbol("BIO_read"), BIO_s_mem: try symbol("BIO_s_mem"),
                BIO_write: try symbol("BIO_write"), ERR_clear_error: try symbol("ERR_clear_error"),
                ERR_error_string_n: try symbol("ERR_error_string_n"), ERR_get_error: try symbol("ERR_get_error"),
                ERR_peek_last_error: try symbol("ERR_peek_last_error"),
                SSL_CTX_check_private_key: try symbol("SSL_CTX_check_private_key"), SSL_CTX_ctrl: try symbol("SSL_CTX_ctrl"),
                SSL_CTX_free: try symbol("SSL_CTX_free"), SSL_CTX_get0_certificate: try symbol("SSL_CTX_get0_certificate"),
                SSL_CTX_new: try symbol("SSL_CTX_new"), SSL_CTX_set_alpn_select_cb: try symbol("SSL_CTX_set_alpn_select_cb"),
                SSL_CTX_use_PrivateKey_file: try symbol("SSL_CTX_use_PrivateKey_file"),
                SSL_CTX_use_certificate_chain_file: try symbol("SSL_CTX_use_certificate_chain_file"),
                SSL_free: try symbol("SSL_free"), SSL_get0_alpn_selected: try symbol("SSL_get0_alpn_selected"),
                SSL_get_error: try symbol("SSL_get_error"), SSL_is_init_finished: try symbol("SSL_is_init_finished"),
                SSL_new: try symbol("SSL_new"), SSL_pending: try symbol("SSL_pending"), SSL_read_ex: try symbol("SSL_read_ex"),
                SSL_set_accept_state: try symbol("SSL_set_accept_state"), SSL_set_bio: try symbol("SSL_set_bio"),
                SSL_shutdown: try symbol("SSL_shutdown"), SSL_write_ex: try symbol("SSL_write_ex"),
                TLS_server_method: try symbol("TLS_server_method"), X509_cmp_current_time: try symbol("X509_cmp_current_time"),
                X509_get0_notAfter: try symbol("X509_get0_notAfter"), X509_get0_notBefore: try symbol("X509_get0_notBefore")))
        } catch {
            return .failure(error)
        }
    }
}

/// The loaded OpenSSL, for code that holds an OpenSSL object (see `OpenSSLLibrary.api`).
var openssl: OpenSSLLibrary { OpenSSLLibrary.api }

/// `OpenSSLLibrary.load()`'s result, computed once (Swift initialises globals lazily and thread-safely).
private let openSSLLoadResult = OpenSSLLibrary.load()
