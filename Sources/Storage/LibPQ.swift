internal import CLibPQ
internal import Glibc

/// libpq, loaded with `dlopen` by the first PostgreSQL connection rather than linked: the library and what it pulls in
/// (OpenSSL, GnuTLS, Kerberos, LDAP, SASL...) cost several MB of resident memory from the moment they are mapped, and
/// the default store (SQLite in `DATA_DIR`) needs none of it. The members carry libpq's own names, so that
/// `libpq.PQstatus(handle)` reads as the C call it is.
struct LibPQ: @unchecked Sendable {  // C function pointers into a library that is never unloaded
    /// The shared object's name (its SONAME: the runtime package, e.g. Debian's libpq5, provides it).
    static let soname = "libpq.so.5"

    let PQclear: @convention(c) (OpaquePointer?) -> Void
    let PQcmdTuples: @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>?
    let PQconnectPoll: @convention(c) (OpaquePointer?) -> PostgresPollingStatusType
    let PQconnectStartParams: @convention(c) (UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<UnsafePointer<CChar>?>?, Int32) -> OpaquePointer?
    let PQconsumeInput: @convention(c) (OpaquePointer?) -> Int32
    let PQerrorMessage: @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>?
    let PQfinish: @convention(c) (OpaquePointer?) -> Void
    let PQflush: @convention(c) (OpaquePointer?) -> Int32
    let PQfname: @convention(c) (OpaquePointer?, Int32) -> UnsafeMutablePointer<CChar>?
    let PQgetResult: @convention(c) (OpaquePointer?) -> OpaquePointer?
    let PQgetisnull: @convention(c) (OpaquePointer?, Int32, Int32) -> Int32
    let PQgetlength: @convention(c) (OpaquePointer?, Int32, Int32) -> Int32
    let PQgetvalue: @convention(c) (OpaquePointer?, Int32, Int32) -> UnsafeMutablePointer<CChar>?
    let PQisBusy: @convention(c) (OpaquePointer?) -> Int32
    let PQnfields: @convention(c) (OpaquePointer?) -> Int32
    let PQntuples: @convention(c) (OpaquePointer?) -> Int32
    let PQresultErrorField: @convention(c) (OpaquePointer?, Int32) -> UnsafeMutablePointer<CChar>?
    let PQresultErrorMessage: @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>?
    let PQresultStatus: @convention(c) (OpaquePointer?) -> ExecStatusType
    let PQsendQueryParams: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Int32, UnsafePointer<Oid>?,
                                           UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?,
                                           UnsafePointer<Int32>?, Int32) -> Int32
    let PQsetNoticeProcessor: @convention(c) (OpaquePointer?, PQnoticeProcessor?, UnsafeMutableRawPointer?) -> PQnoticeProcessor?
    let PQsetnonblocking: @convention(c) (OpaquePointer?, Int32) -> Int32
    let PQsocket: @convention(c) (OpaquePointer?) -> Int32
    let PQstatus: @convention(c) (OpaquePointer?) -> ConnStatusType
    let PQtransactionStatus: @convention(c) (OpaquePointer?) -> PGTransactionStatusType

    /// The library, loaded by whichever thread asks first (a global: Swift initialises it once, thread-safely); or
    /// why it could not be.
    static var loaded: Result<LibPQ, LibPQLoadError> { libpqLoadResult }

    /// The loaded library, for code that holds a libpq connection (which only exists once `loaded` succeeded).
    static var api: LibPQ {
        guard case .success(let library) = libpqLoadResult else { preconditionFailure("libpq used before it was loaded") }
        return library
    }

    fileprivate static func load() -> Result<LibPQ, LibPQLoadError> {
        guard let handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL) else {
            return .failure(LibPQLoadError(message: "dlopen(\(soname)): " + (dlerror().map { String(cString: $0) } ?? "unknown error")))
        }
        func symbol<F>(_ name: String, _ type: F.Type = F.self) throws(LibPQLoadError) -> F {
            guard let pointer = dlsym(handle, name) else {
                throw LibPQLoadError(message: "dlsym(\(name)) in \(soname): " + (dlerror().map { String(cString: $0) } ?? "not found"))
            }
            return unsafeBitCast(pointer, to: F.self)
        }
        do throws(LibPQLoadError) {
            return .success(LibPQ(
                PQclear: try symbol("PQclear"), PQcmdTuples: try symbol("PQcmdTuples"),
                PQconnectPoll: try symbol("PQconnectPoll"), PQconnectStartParams: try symbol("PQconnectStartParams"),
                PQconsumeInput: try symbol("PQconsumeInput"), PQerrorMessage: try symbol("PQerrorMessage"),
                PQfinish: try symbol("PQfinish"), PQflush: try symbol("PQflush"), PQfname: try symbol("PQfname"),
                PQgetResult: try symbol("PQgetResult"), PQgetisnull: try symbol("PQgetisnull"),
                PQgetlength: try symbol("PQgetlength"), PQgetvalue: try symbol("PQgetvalue"),
                PQisBusy: try symbol("PQisBusy"), PQnfields: try symbol("PQnfields"), PQntuples: try symbol("PQntuples"),
                PQresultErrorField: try symbol("PQresultErrorField"),
                PQresultErrorMessage: try symbol("PQresultErrorMessage"), PQresultStatus: try symbol("PQresultStatus"),
                PQsendQueryParams: try symbol("PQsendQueryParams"),
                PQsetNoticeProcessor: try symbol("PQsetNoticeProcessor"), PQsetnonblocking: try symbol("PQsetnonblocking"),
                PQsocket: try symbol("PQsocket"), PQstatus: try symbol("PQstatus"),
                PQtransactionStatus: try symbol("PQtransactionStatus")))
        } catch {
            return .failure(error)
        }
    }
}

/// libpq could not be loaded (not installed, or not the expected library).
struct LibPQLoadError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// The loaded libpq, for the code of a connection that exists (see `LibPQ.api`).
var libpq: LibPQ { LibPQ.api }

/// `LibPQ.load()`'s result, computed once (Swift initialises globals lazily and thread-safely).
private let libpqLoadResult = LibPQ.load()
