import TestSupport
import HTTP1
import Logging
@testable import Eloquent
@testable import HTTPServer
@testable import Basics
@testable import Multipart
import Foundation
import Synchronization

/// A loopback stand-in for an OpenAI-compatible provider (Groq's `/openai/v1` API), built from the project's own
/// `HTTPServer` and `Router` on 127.0.0.1:0 (real sockets). It reads each transcription request's multipart body with
/// `MultipartParser`, checks the key and the fields, records the request, and answers as told (`StandInReply`).
final class StandInProvider: Sendable {
    static let prefix = "/openai/v1"

    /// What it was told and what it saw.
    let log: StandInLog
    private let server: StandInServer
    var port: Int { server.port }

    /// Starts the stand-in; it expects `Authorization: Bearer <key>`.
    init(key: String = TranscriptionLive.providerKey) throws {
        log = StandInLog(key: key)
        server = try StandInServer(StandInHandlers(log: log).router())
    }

    /// The base URL to give the application (`GROQ_BASE_URL`).
    var baseURL: String { "http://127.0.0.1:\(port)\(Self.prefix)" }

    /// Stops the stand-in (a request still waiting is cancelled); returns whether its loop closed cleanly.
    func stop() -> Bool { server.stop() }

    var reply: StandInReply {
        get { log.reply }
        set { log.reply = newValue }
    }

    var chat: StandInChat {
        get { log.chat }
        set { log.chat = newValue }
    }

    var transcriptionRecords: [StandInRecord] { log.records.filter { $0.path.hasSuffix("/audio/transcriptions") } }
    var chatRecords: [StandInRecord] { log.records.filter { $0.path.hasSuffix("/chat/completions") } }
    /// Requests whose handler saw its task cancelled because the caller closed the connection.
    var cancelledCount: Int { log.cancelledCount }
    /// Requests that reached the point of answering (or waiting to answer).
    var waitingCount: Int { log.waitingCount }

    /// Lets every `.held` request answer.
    func release() { log.release() }
}

/// The stand-in provider's two routes: `POST /openai/v1/audio/transcriptions` and `POST /openai/v1/chat/completions`.
struct StandInHandlers: Sendable {
    let log: StandInLog
    static let formats: Set<String> = ["json", "text", "verbose_json"]

    func router() -> Router {
        var router = Router()
        let handlers = self
        router.post(StandInProvider.prefix + "/audio/transcriptions") { try await handlers.transcription($0) }
        router.post(StandInProvider.prefix + "/chat/completions") { try await handlers.chatCompletion($0) }
        return router
    }

    func transcription(_ request: Request) async throws -> Response {
        var record = StandInRecord(path: request.path, authorization: request.headers["Authorization"])
        let authorized = record.authorization == "Bearer " + log.key
        if !authorized { record.problems.append("Authorization is \(record.authorization ?? "absent")") }
        do {
            let boundary = try MultipartBoundary.parse(contentType: request.headers["Content-Type"])
            let form = try await MultipartForm.collect(MultipartParser(boundary: boundary, limits: MultipartLimits()),
                                                       next: { try await request.body.read() })
            record.fields = form.fields
            record.file = form.files["file"]
            if form.fields["model"]?.isEmpty != false { record.problems.append("no model") }
            if !Self.formats.contains(form.fields["response_format"] ?? "json") { record.problems.append("bad response_format") }
            if record.file?.bytes.isEmpty != false { record.problems.append("no file") }
            if form.files.count != 1 { record.problems.append("\(form.files.count) files") }
        } catch let error as MultipartError {
            record.problems.append("multipart: \(error.message)")
        }
        log.append(record)
        guard authorized else { return Self.openAIError(401, "Invalid API Key", code: "invalid_api_key") }
        guard record.problems.isEmpty else { return Self.openAIError(400, record.problems.joined(separator: "; "), code: "bad_request") }
        let format = record.fields["response_format"] ?? "json"
        switch log.reply {
        case .transcript(let text):
            return Self.transcript(text, format: format, language: record.fields["language"])
        case .slow(let delay, let text):
            try await log.observingCancellation { try await Task.sleep(for: delay) }
            return Self.transcript(text, format: format, language: record.fields["language"])
        case .held(let text):
            try await log.observingCancellation {
                while !log.isReleased { try await Task.sleep(for: .milliseconds(10)) }
            }
            return Self.transcript(text, format: format, language: record.fields["language"])
        case .status(let status, let body, let headers):
            return Response(status: status, headers: HTTPHeaders(headers), body: Array(body.utf8))
        case .never:
            try await log.observingCancellation {
                while true { try await Task.sleep(for: .seconds(60)) }
            }
            return Self.openAIError(500, "unreachable", code: "unreachable")
        }
    }

    func chatCompletion(_ request: Request) async throws -> Response {
        var record = StandInRecord(path: request.path, authorization: request.headers["Authorization"])
        record.chatBody = try await request.body.collect(upTo: 1 << 20)
        if record.authorization != "Bearer " + log.key { record.problems.append("bad Authorization") }
        log.append(record)
        switch log.chat {
        case .missing:
            return Self.openAIError(404, "Unknown request URL: POST \(request.path)", code: "unknown_url")
        case .answer(let text):
            return .json(#"{"id":"chat-1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":\#(JSON.quote(text))},"finish_reason":"stop"}]}"#)
        }
    }

    /// A successful answer in the format asked for, shaped as OpenAI's.
    static func transcript(_ text: String, format: String, language: String?) -> Response {
        switch format {
        case "text":
            return .text(text)
        case "verbose_json":
            return .json(#"{"task":"transcribe","language":\#(JSON.quote(language ?? "english")),"duration":2.5,"text":\#(JSON.quote(text)),"segments":[{"id":0,"start":0.0,"end":2.5,"text":\#(JSON.quote(text))}]}"#)
        default:
            return .json(#"{"text":\#(JSON.quote(text))}"#)
        }
    }

    static func openAIError(_ status: Int, _ message: String, code: String) -> Response {
        .json(#"{"error":{"message":\#(JSON.quote(message)),"type":"invalid_request_error","code":\#(JSON.quote(code))}}"#, status: status)
    }
}

/// The stand-in provider's shared state: how to answer, what was received, what was cancelled.
final class StandInLog: Sendable {
    private struct State {
        var reply = StandInReply.transcript(TranscriptionLive.transcript)
        var chat = StandInChat.missing
        var records: [StandInRecord] = []
        var waiting = 0
        var cancelled = 0
        var released = false
    }

    let key: String
    private let state = Mutex(State())

    init(key: String) { self.key = key }

    var reply: StandInReply {
        get { state.withLock { $0.reply } }
        set { state.withLock { $0.reply = newValue } }
    }

    var chat: StandInChat {
        get { state.withLock { $0.chat } }
        set { state.withLock { $0.chat = newValue } }
    }

    var records: [StandInRecord] { state.withLock { $0.records } }
    var cancelledCount: Int { state.withLock { $0.cancelled } }
    var waitingCount: Int { state.withLock { $0.waiting } }
    var isReleased: Bool { state.withLock { $0.released } }

    func append(_ record: StandInRecord) { state.withLock { $0.records.append(record) } }
    func release() { state.withLock { $0.released = true } }

    /// Runs `wait` (the delay before answering), counting the request as cancelled when its task is cancelled
    /// meanwhile: the stand-in's server cancels a handler when the caller closes the connection.
    func observingCancellation(_ wait: () async throws -> Void) async throws {
        state.withLock { $0.waiting += 1 }
        do {
            try await wait()
            try Task.checkCancellation()
        } catch is CancellationError {
            state.withLock { $0.cancelled += 1 }
            throw CancellationError()
        }
    }
}

/// One request as the stand-in provider received it, with every check it failed.
struct StandInRecord: Sendable {
    var path: String
    var authorization: String?
    /// Text fields of a transcription request (`model`, `language`, `response_format`, …).
    var fields: [String: String] = [:]
    /// The `file` part of a transcription request.
    var file: MultipartFile?
    /// The JSON body of a chat request.
    var chatBody: [UInt8] = []
    /// Checks this request failed (wrong key, missing field, unreadable multipart…); empty when it was well formed.
    var problems: [String] = []
}

/// What the stand-in provider does with a transcription request once it has read and checked it.
enum StandInReply: Sendable {
    /// 200 with `text` in the format the request asked for (`json`, `text` or `verbose_json`).
    case transcript(String)
    /// The same answer, after `delay`.
    case slow(Duration, String)
    /// Waits until `StandInProvider.release()` is called (or the request is cancelled), then answers `text`.
    case held(String)
    /// A given status, body and headers.
    case status(Int, body: String, headers: [(String, String)])
    /// No answer at all: sleeps until the request is cancelled (its connection closed).
    case never

    /// An OpenAI-shaped error body.
    static func openAIError(_ status: Int, message: String, code: String, headers: [(String, String)] = []) -> StandInReply {
        .status(status, body: #"{"error":{"message":"\#(message)","type":"invalid_request_error","code":"\#(code)"}}"#,
                headers: [("Content-Type", "application/json")] + headers)
    }
}

/// What the stand-in's `/chat/completions` does.
enum StandInChat: Sendable {
    /// 404, as a provider without a chat endpoint answers.
    case missing
    /// 200 with one choice whose content is `text`.
    case answer(String)
}
