internal import CCurl

/// One request on a pool: its easy handle, the upload cursor, the response being received, and the continuation
/// of the task that waits for it. Created by `send` on any thread; every mutable field is used only on the pool's
/// loop thread afterwards.
final class Transfer: @unchecked Sendable {
    typealias Outcome = Result<UpstreamResponse, UpstreamError>

    enum State { case waiting, running, finished }

    let request: UpstreamRequest
    let host: String
    let maxResponseBytes: Int
    var state = State.waiting
    /// Set when cancellation arrives before the transfer was added.
    var cancelRequested = false
    var continuation: CheckedContinuation<Outcome, Never>?

    /// The easy handle while the transfer is set up or running.
    var easy: UnsafeMutableRawPointer?
    var headerList: UnsafeMutablePointer<curl_slist>?
    /// libcurl writes a readable message for a failure here (`CURLOPT_ERRORBUFFER`).
    let errorBuffer: UnsafeMutablePointer<CChar>

    /// The driver running it, and when it was added: the wait for a connection is measured from there.
    weak var driver: MultiDriver?
    var addedAt = ContinuousClock.now
    var connectionReported = false

    /// The request body's segments and total length (see `UpstreamRequest.bodySegments`).
    let segments: [[UInt8]]
    let bodyLength: Int
    /// Bytes of the request body already handed to libcurl, and where they end: segment and offset in it.
    var uploadOffset = 0
    var segmentIndex = 0
    var segmentOffset = 0
    var responseHeaders: [(String, String)] = []
    var responseBody: [UInt8] = []
    /// Header and body bytes received, counted against `maxResponseBytes`.
    var receivedBytes = 0
    var tooLarge = false
    /// For `UpstreamPool.stream`: body bytes go here as they arrive instead of into `responseBody`, and the waiting
    /// task is resumed with the head (status and headers) at the first body byte.
    var bodyStream: AsyncThrowingStream<[UInt8], any Error>.Continuation?
    var headDelivered = false

    init(request: UpstreamRequest, maxResponseBytes: Int) {
        self.request = request
        self.host = request.host
        self.maxResponseBytes = maxResponseBytes
        segments = request.segments
        bodyLength = request.bodyLength
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        precondition(easy == nil, "transfer freed with its easy handle")
        errorBuffer.deallocate()
    }

    /// libcurl's message for the last failure ("" when none).
    var errorDetail: String { String(cString: errorBuffer) }

    /// Resumes the waiting task once, and frees the easy handle (which must already be out of the multi handle).
    func finish(_ outcome: Outcome) {
        guard state != .finished else { return }
        state = .finished
        releaseHandle()
        responseBody = []
        let waiting = continuation
        continuation = nil
        if let stream = bodyStream {
            bodyStream = nil
            switch outcome {
            case .success: stream.finish()
            case .failure(let error): stream.finish(throwing: error)
            }
        }
        waiting?.resume(returning: outcome)
    }

    /// A streaming transfer's head: the waiting task gets status and headers; the body follows on `bodyStream`.
    func deliverHead(status: Int) {
        guard !headDelivered, let waiting = continuation else { return }
        headDelivered = true
        continuation = nil
        waiting.resume(returning: .success(UpstreamResponse(status: status, headers: responseHeaders)))
    }

    func releaseHandle() {
        if let easy { CurlLibrary.api.easyCleanup(easy) }  // a handle implies the library
        easy = nil
        if let headerList { CurlLibrary.api.slistFreeAll(headerList) }
        headerList = nil
    }
}
