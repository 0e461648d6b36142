@testable import Basics
@testable import Multipart
import Foundation
import HTTP1
@testable import Eloquent
@testable import HTTPServer

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
