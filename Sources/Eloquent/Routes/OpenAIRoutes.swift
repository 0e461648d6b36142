import Multipart
import Accounts
import Basics
import Transcription
import HTTPServer
import HTTP1
import Storage
import FoundationEssentials

/// The OpenAI-compatible API (SPEC section 4): `POST /v1/audio/transcriptions` and `/v1/audio/translations` (aliases
/// under `/openai`), `GET /v1/models`. Chat completions are `GatewayChatRoutes`.
struct OpenAIRoutes {
    let auth: AuthMiddleware
    let pipeline: TranscriptionPipeline
    let metering: Metering
    /// For a transcription whose account is deleted while it runs (then 401, nothing recorded).
    var sessions: SessionGuard? = nil
    /// Keeps the model list per user (`RESPONSE_CACHE_TTL`).
    var cached: ResponseCacheMiddleware? = nil
    static let formats: Set<String> = ["json", "text", "verbose_json", "srt", "vtt"]
    static let alias = "whisper-1"

    func register(in router: inout Router) {
        for task in [TranscriptionTask.transcribe, .translate] {
            let handler = audioHandler(task)
            let path = task == .translate ? "/audio/translations" : "/audio/transcriptions"
            router.add("POST", "/v1" + path, through: [auth], handler)
            router.add("POST", "/openai/v1" + path, through: [auth], handler)
        }
        let pipeline = pipeline
        let models: Router.Handler = { _ in
            let ids = [pipeline.provider.defaultModel, Self.alias]
            let data = ids.map { "{\"id\":\(JSON.quote($0)),\"object\":\"model\",\"created\":0,\"owned_by\":\"eloquent\"}" }
            return .json("{\"object\":\"list\",\"data\":[" + data.joined(separator: ",") + "]}")
        }
        let reads: [any Middleware] = [auth] + [cached].compactMap { $0 }
        router.add("GET", "/v1/models", through: reads, models)
        router.add("GET", "/openai/v1/models", through: reads, models)
    }

    func audioHandler(_ task: TranscriptionTask) -> Router.Handler {
        let pipeline = pipeline
        let metering = metering
        let sessions = sessions
        return { request in
            let user = try await metering.admit(try request.requireIdentity())
            return try await pipeline.admitted(declaredBytes: request.body.declaredLength) {
                let started = SystemClock.monotonicNanos()
                func elapsedMs() -> Int { Int((SystemClock.monotonicNanos() - started) / 1_000_000) }
                var reservation: UsageReservation?
                do {
                    let (response, result, language) = try await Self.transcribe(request, task: task, pipeline: pipeline) {
                        reservation = try await metering.reserve(user, seconds: $0)
                    }
                    try await sessions?.requireNotDeleted(user.id)
                    do {
                        _ = try await metering.recordSuccess(user, seconds: result.durationSeconds, mode: "standard",
                                                             language: language, processingMs: elapsedMs(), reservation: reservation)
                    } catch {
                        try await sessions?.requireNotDeleted(user.id)
                        throw error
                    }
                    return response
                } catch {
                    if let reason = ErrorResponse.usageFailureReason(for: error) {
                        await metering.recordFailure(user, mode: "standard", language: "", processingMs: elapsedMs(), reason: reason,
                                                     reservation: reservation)
                    } else {
                        metering.release(reservation)
                    }
                    throw error
                }
            }
        }
    }

    static func transcribe(_ request: Request, task: TranscriptionTask = .transcribe, pipeline: TranscriptionPipeline,
                           reserve: (Double) async throws -> Void) async throws -> (Response, TranscriptionResult, String) {
        let form = try await pipeline.readForm(request, missingMessage: "No audio file provided in field 'file'")
        let format = form.fields["response_format"]?.trimmed().lowercased() ?? "json"
        guard formats.contains(format) else {
            throw TranscriptionFailure.badRequest("Unsupported response_format '\(format)': use json, text, verbose_json, srt or vtt",
                                                  code: "invalid_response_format")
        }
        var model = form.fields["model"]?.trimmed() ?? alias
        if model.isEmpty || model == alias { model = pipeline.provider.defaultModel }
        guard model == pipeline.provider.defaultModel else {
            throw TranscriptionFailure(status: 404, message: "The model '\(model)' does not exist; GET /v1/models lists the models offered", code: "model_not_found")
        }
        var temperature: Double?
        if let text = form.fields["temperature"]?.trimmed(), !text.isEmpty {
            guard let value = Double(text), value >= 0, value <= 1 else {
                throw TranscriptionFailure.badRequest("temperature must be a number from 0 to 1", code: "invalid_temperature")
            }
            temperature = value
        }
        let language = form.fields["language"]?.trimmed()
        let prompt = form.fields["prompt"]
        // Subtitles are built here from the segments of `verbose_json`, whatever the provider offers.
        let parameters = TranscriptionParameters(
            model: model, language: language?.isEmpty == false ? language : nil, prompt: prompt?.isEmpty == false ? prompt : nil,
            temperature: temperature, mode: "standard", providerFormat: format == "text" ? "text" : "verbose_json", task: task)
        let (result, _) = try await pipeline.transcribe(file: form.files["file"], field: "file", parameters: parameters,
                                                        beforeProvider: reserve)
        let response: Response
        switch format {
        case "text":
            response = .text(result.text)
        case "srt", "vtt":
            let subtitles = Subtitles.Format(rawValue: format) ?? .srt
            let cues = Subtitles.cues(verboseJSON: result.verboseJSON, text: result.text, duration: result.durationSeconds)
            var subtitleResponse = Response.text(Subtitles.render(cues, as: subtitles))
            if subtitles == .vtt { subtitleResponse.headers.set("Content-Type", "text/vtt; charset=utf-8") }
            response = subtitleResponse
        case "verbose_json":
            if let verbose = result.verboseJSON {
                response = Response(status: 200, headers: HTTPHeaders([("Content-Type", "application/json")]), body: verbose)
            } else {
                response = .json("{\"task\":\(JSON.quote(task == .translate ? "translate" : "transcribe")),\"language\":\(JSON.quote(result.language ?? "")),"
                    + "\"duration\":\(result.durationSeconds),\"text\":\(JSON.quote(result.text)),\"segments\":[]}")
            }
        default:
            response = .json("{\"text\":\(JSON.quote(result.text))}")
        }
        return (response, result, parameters.language ?? "")
    }
}
