/// A libcurl set-up call that failed, thrown inside the module and turned into an `UpstreamError` at the edge.
struct CurlFailure: Error {
    let reason: UpstreamError.Reason
    init(_ reason: UpstreamError.Reason) { self.reason = reason }
}
