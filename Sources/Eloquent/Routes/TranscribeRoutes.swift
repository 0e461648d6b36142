import Accounts
import Basics
import Multipart
import Transcription
import HTTPServer
import HTTP1
import Storage

/// `/api/transcribe/*`: the desktop client's transcription API.
struct TranscribeRoutes {
    let auth: AuthMiddleware
    let pipeline: TranscriptionPipeline
    let metering: Metering
    /// For a transcription whose account is deleted while it runs (then 401, nothing recorded).
    var sessions: SessionGuard? = nil
    static let modes: Set<String> = ["standard", "grammar", "rewrite"]

    func register(in router: inout Router) {
        let pipeline = pipeline
        let metering = metering
        let sessions = sessions
        router.add("GET", "/api/transcribe/api-key", through: [auth]) { _ in
            // The provider key never leaves the server (SPEC section 9).
            .error("This endpoint has been retired: the provider API key is never handed to clients. "
                   + "Send audio to POST /api/transcribe/audio (or /v1/audio/transcriptions) and this server calls the provider.",
                   status: 410)
        }
        router.add("POST", "/api/transcribe/audio", through: [auth]) { request in
            let user = try await metering.admit(try request.requireIdentity())
            return try await pipeline.admitted(declaredBytes: request.body.declaredLength) {
                let started = SystemClock.monotonicNanos()
                var mode = "standard"
                var language = "en"
                var reservation: UsageReservation?
                func elapsedMs() -> Int { Int((SystemClock.monotonicNanos() - started) / 1_000_000) }
                do {
                    let form = try await pipeline.readForm(request, missingMessage: "No audio file provided in field 'audio'")
                    language = form.fields["language"].map { $0.trimmed() }.flatMap { $0.isEmpty ? nil : $0 } ?? "en"
                    mode = form.fields["mode"].map { $0.trimmed().lowercased() }.flatMap { $0.isEmpty ? nil : $0 } ?? "standard"
                    guard Self.modes.contains(mode) else {
                        let given = mode
                        mode = "standard"
                        throw TranscriptionFailure.badRequest("Invalid mode '\(given)' in field 'mode': use standard, grammar or rewrite")
                    }
                    guard language.utf8.count <= 16, language.allSatisfy({ $0.isLetter || $0 == "-" }) else {
                        language = "invalid"
                        throw TranscriptionFailure.badRequest("Invalid language in field 'language': use an ISO-639-1 code such as en")
                    }
                    try metering.requireFeatures(user, mode: mode)
                    let parameters = TranscriptionParameters(model: pipeline.provider.defaultModel, language: language, prompt: nil,
                                                             temperature: 0, mode: mode, providerFormat: "verbose_json")
                    let (result, _) = try await pipeline.transcribe(file: form.files["audio"], field: "audio", parameters: parameters) {
                        reservation = try await metering.reserve(user, seconds: $0)
                    }
                    try await sessions?.requireNotDeleted(user.id)
                    let usage: UsageFigures
                    do {
                        usage = try await metering.recordSuccess(user, seconds: result.durationSeconds, mode: mode,
                                                                 language: language, processingMs: elapsedMs(), reservation: reservation)
                    } catch {
                        try await sessions?.requireNotDeleted(user.id)
                        throw error
                    }
                    return .json("{\"success\":true,\"text\":\(JSON.quote(result.text)),\"originalText\":\(JSON.quote(result.originalText)),"
                        + "\"aiProcessed\":\(result.aiProcessed),\"mode\":\(JSON.quote(mode)),\"processingTime\":\(elapsedMs()),"
                        + "\"usage\":\(AccountJSON.Usage(usage).json)}")
                } catch {
                    if let reason = ErrorResponse.usageFailureReason(for: error) {
                        await metering.recordFailure(user, mode: mode, language: language, processingMs: elapsedMs(), reason: reason,
                                                     reservation: reservation)
                    } else {
                        metering.release(reservation)
                    }
                    throw error
                }
            }
        }
    }
}

extension TranscriptionPipeline {
    /// The request's multipart form, read as its body streams in.
    func readForm(_ request: Request, missingMessage: String) async throws -> MultipartForm {
        try await readForm(contentType: request.headers["Content-Type"], missingMessage: missingMessage,
                           declaredLength: request.body.declaredLength) { receive in
            try await request.body.stream(into: receive)
        }
    }
}
