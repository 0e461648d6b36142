import Multipart
import Accounts
import Basics
import Transcription
import HTTPServer
import HTTP1
import FoundationEssentials

/// The OpenAI-compatible API (SPEC section 4): `POST /v1/audio/transcriptions` (alias under `/openai`), `GET /v1/models`.
struct OpenAIRoutes {
    let auth: AuthMiddleware
    let pipeline: TranscriptionPipeline
    let metering: Metering
    static let formats: Set<String> = ["json", "text", "verbose_json"]
    static let alias = "whisper-1"

    func register(in router: inout Router) {
        let pipeline = pipeline
        let metering = metering
        let handler: Router.Handler = { request in
            let user = try await metering.admit(try request.requireIdentity())
            return try await pipeline.admitted {
                let started = SystemClock.monotonicNanos()
                func elapsedMs() -> Int { Int((SystemClock.monotonicNanos() - started) / 1_000_000) }
                var reservation: UsageReservation?
                do {
                    let (response, result, language) = try await Self.transcribe(request, pipeline: pipeline) {
                        reservation = try await metering.reserve(user, seconds: $0)
                    }
                    _ = try await metering.recordSuccess(user, seconds: result.durationSeconds, mode: "standard",
                                                         language: language, processingMs: elapsedMs(), reservation: reservation)
                    return response
                } catch {
                    await metering.recordFailure(user, mode: "standard", language: "", processingMs: elapsedMs(), error: error,
                                                 reservation: reservation)
                    throw error
                }
            }
        }
        router.add("POST", "/v1/audio/transcriptions", through: [auth], handler)
        router.add("POST", "/openai/v1/audio/transcriptions", through: [auth], handler)
        let models: Router.Handler = { _ in
            let ids = [pipeline.provider.defaultModel, Self.alias]
            let data = ids.map { "{\"id\":\(JSON.quote($0)),\"object\":\"model\",\"created\":0,\"owned_by\":\"eloquent\"}" }
            return .json("{\"object\":\"list\",\"data\":[" + data.joined(separator: ",") + "]}")
        }
        router.add("GET", "/v1/models", through: [auth], models)
        router.add("GET", "/openai/v1/models", through: [auth], models)
    }

    static func transcribe(_ request: Request, pipeline: TranscriptionPipeline,
                           reserve: (Double) async throws -> Void) async throws -> (Response, TranscriptionResult, String) {
        let form = try await pipeline.readForm(request, missingMessage: "No audio file provided in field 'file'")
        let format = form.fields["response_format"]?.trimmed().lowercased() ?? "json"
        guard formats.contains(format) else {
            throw TranscriptionFailure.badRequest("Unsupported response_format '\(format)': use json, text or verbose_json", code: "invalid_response_format")
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
        let parameters = TranscriptionParameters(
            model: model, language: language?.isEmpty == false ? language : nil, prompt: prompt?.isEmpty == false ? prompt : nil,
            temperature: temperature, mode: "standard", providerFormat: format == "text" ? "text" : "verbose_json")
        let (result, _) = try await pipeline.transcribe(file: form.files["file"], field: "file", parameters: parameters,
                                                        beforeProvider: reserve)
        let response: Response
        switch format {
        case "text":
            response = .text(result.text)
        case "verbose_json":
            if let verbose = result.verboseJSON {
                response = Response(status: 200, headers: HTTPHeaders([("Content-Type", "application/json")]), body: verbose)
            } else {
                response = .json("{\"task\":\"transcribe\",\"language\":\(JSON.quote(result.language ?? "")),\"duration\":\(result.durationSeconds),"
                    + "\"text\":\(JSON.quote(result.text)),\"segments\":[]}")
            }
        default:
            response = .json("{\"text\":\(JSON.quote(result.text))}")
        }
        return (response, result, parameters.language ?? "")
    }
}
