internal import CCurl
internal import Glibc

/// libcurl, loaded with `dlopen` when the first transfer starts rather than linked: the library and what it pulls in
/// (OpenSSL, GnuTLS, Kerberos, LDAP, libssh2...) cost several MB of resident memory from the moment they are mapped,
/// and an idle server, or one that never calls a provider, needs none of it. `curl_global_init` runs right after the
/// load, once.
struct CurlLibrary: @unchecked Sendable {  // C function pointers into a library that is never unloaded
    /// The shared object's name (its SONAME: the runtime package, e.g. Debian's libcurl4, provides it).
    static let soname = "libcurl.so.4"

    let easyInit: @convention(c) () -> UnsafeMutableRawPointer?
    let easyCleanup: @convention(c) (UnsafeMutableRawPointer?) -> Void
    let easyStrerror: @convention(c) (CURLcode) -> UnsafePointer<CChar>?
    let multiInit: @convention(c) () -> UnsafeMutableRawPointer?
    let multiCleanup: @convention(c) (UnsafeMutableRawPointer?) -> CURLMcode
    let multiAddHandle: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) -> CURLMcode
    let multiRemoveHandle: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) -> CURLMcode
    let multiSocketAction: @convention(c) (UnsafeMutableRawPointer?, curl_socket_t, Int32, UnsafeMutablePointer<Int32>?) -> CURLMcode
    let multiInfoRead: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<Int32>?) -> UnsafeMutablePointer<CURLMsg>?
    let multiStrerror: @convention(c) (CURLMcode) -> UnsafePointer<CChar>?
    let slistAppend: @convention(c) (UnsafeMutablePointer<curl_slist>?, UnsafePointer<CChar>?) -> UnsafeMutablePointer<curl_slist>?
    let slistFreeAll: @convention(c) (UnsafeMutablePointer<curl_slist>?) -> Void
    /// The variadic ones, for the shim's typed wrappers (`upstream_easy_setopt_long(setopt, ...)` and the like).
    let easySetopt: UnsafeMutableRawPointer
    let easyGetinfo: UnsafeMutableRawPointer
    let multiSetopt: UnsafeMutableRawPointer

    /// The library, loaded and initialised by whichever thread asks first (a global: Swift initialises it once,
    /// thread-safely); or why it could not be.
    static var loaded: Result<CurlLibrary, CurlFailure> { loadResult }

    /// The loaded library, for code that holds a libcurl handle (which only exists once `loaded` succeeded).
    static var api: CurlLibrary {
        guard case .success(let library) = loadResult else { preconditionFailure("libcurl used before it was loaded") }
        return library
    }

    /// libcurl's text for `code`.
    func describe(_ code: CURLcode) -> String { easyStrerror(code).map { String(cString: $0) } ?? "CURLcode \(code.rawValue)" }

    /// libcurl's text for a multi-interface `code`.
    func describe(_ code: CURLMcode) -> String { multiStrerror(code).map { String(cString: $0) } ?? "CURLMcode \(code.rawValue)" }

    fileprivate static func load() -> Result<CurlLibrary, CurlFailure> {
        guard let handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL) else {
            return .failure(failure("dlopen(\(soname)): " + (dlerror().map { String(cString: $0) } ?? "unknown error")))
        }
        func symbol<F>(_ name: String, _ type: F.Type = F.self) throws(CurlFailure) -> F {
            guard let pointer = dlsym(handle, name) else {
                throw failure("dlsym(\(name)) in \(soname): " + (dlerror().map { String(cString: $0) } ?? "not found"))
            }
            return unsafeBitCast(pointer, to: F.self)
        }
        do throws(CurlFailure) {
            let library = CurlLibrary(
                easyInit: try symbol("curl_easy_init"), easyCleanup: try symbol("curl_easy_cleanup"),
                easyStrerror: try symbol("curl_easy_strerror"), multiInit: try symbol("curl_multi_init"),
                multiCleanup: try symbol("curl_multi_cleanup"), multiAddHandle: try symbol("curl_multi_add_handle"),
                multiRemoveHandle: try symbol("curl_multi_remove_handle"),
                multiSocketAction: try symbol("curl_multi_socket_action"), multiInfoRead: try symbol("curl_multi_info_read"),
                multiStrerror: try symbol("curl_multi_strerror"), slistAppend: try symbol("curl_slist_append"),
                slistFreeAll: try symbol("curl_slist_free_all"), easySetopt: try symbol("curl_easy_setopt"),
                easyGetinfo: try symbol("curl_easy_getinfo"), multiSetopt: try symbol("curl_multi_setopt"))
            let globalInit: @convention(c) (Int) -> CURLcode = try symbol("curl_global_init")
            let code = globalInit(Int(CURL_GLOBAL_DEFAULT))
            guard code == CURLE_OK else {
                // The library stays loaded (dlclose after a failed global init could leave it half set up).
                throw CurlFailure(.other(code: Int(code.rawValue), message: "curl_global_init: " + library.describe(code)))
            }
            return .success(library)
        } catch {
            return .failure(error)
        }
    }

    private static func failure(_ message: String) -> CurlFailure {
        CurlFailure(.other(code: -1, message: message))
    }
}

/// `CurlLibrary.load()`'s result, computed once (Swift initialises globals lazily and thread-safely), so loading and
/// `curl_global_init` never race.
private let loadResult = CurlLibrary.load()
