public import Multipart
import AudioFormat
public import WorkerPool

/// The path every transcription takes, whichever API it came through: the upload memory budget (before the body is
/// read), the streamed multipart form (cut when slower than `UPLOAD_MIN_RATE`), a transcription slot once the body
/// is complete, audio validated by its bytes and hashed on the worker pool, the transcription cache, the
/// provider, and the optional polishing pass.
package struct TranscriptionPipeline: Sendable {
    package let provider: any WhisperProvider
    let workers: WorkerPool
    let cache: TranscriptionCache
    let admission: AdmissionGate
    let budget: UploadMemoryBudget
    let maxFileBytes: Int
    /// `UPLOAD_MIN_RATE` (bytes per second; 0: none), see `UploadRate`.
    let uploadMinRate: Int

    package init(provider: any WhisperProvider, workers: WorkerPool, cache: TranscriptionCache, admission: AdmissionGate, maxFileBytes: Int,
                 uploadMinRate: Int = 0, budget: UploadMemoryBudget? = nil) {
        self.uploadMinRate = uploadMinRate
        self.budget = budget ?? UploadMemoryBudget(limit: Int.max)
        self.provider = provider
        self.workers = workers
        self.cache = cache
        self.admission = admission
        self.maxFileBytes = maxFileBytes
    }

    /// Runs `body` (which reads the upload and transcribes it) holding `declaredBytes` of the upload memory budget
    /// (the largest allowed body when the length is not declared); refuses at once, before the body is read, with
    /// 503 + `Retry-After` when they do not fit. The transcription slot is taken later, in `transcribe`, once the
    /// body is complete.
    package func admitted<T: Sendable>(declaredBytes: Int?, _ body: () async throws -> T) async throws -> T {
        let bytes = min(declaredBytes ?? maxFileBytes, maxFileBytes + (1 << 20))
        guard budget.tryReserve(bytes) else { throw TranscriptionFailure.busy("Too many uploads in progress, retry shortly") }
        defer { budget.release(bytes) }
        return try await body()
    }

    /// Reads the multipart form as it streams in (`next` gives the body's next chunk, nil at its end); the file field
    /// may be up to `maxFileBytes`.
    /// `declaredLength` (the body's `Content-Length`) sizes the audio's buffer up front.
    package func readForm(contentType: String?, missingMessage: String, declaredLength: Int? = nil,
                          next: () async throws -> [UInt8]?) async throws -> MultipartForm {
        let boundary: MultipartBoundary
        do {
            boundary = try MultipartBoundary.parse(contentType: contentType)
        } catch {
            throw TranscriptionFailure.badRequest(missingMessage + " (the request must be multipart/form-data)")
        }
        let parser = MultipartParser(boundary: boundary, limits: MultipartLimits(maxFileBytes: maxFileBytes, maxTotalBytes: maxFileBytes + 1 << 20))
        var rate = UploadRate(minimum: uploadMinRate)
        do {
            return try await MultipartForm.collect(parser, fileCapacity: declaredLength.map { min($0, maxFileBytes) }) {
                let chunk = try await next()
                try rate.received(chunk?.count ?? 0, done: chunk == nil)
                return chunk
            }
        } catch let error as MultipartError {
            throw TranscriptionFailure.badRequest(error.message)
        }
    }

    /// Validates the audio part, then transcribes it (from the cache when the same audio and parameters were seen).
    package func transcribe(file: MultipartFile?, field: String, parameters: TranscriptionParameters) async throws -> (TranscriptionResult, cached: Bool) {
        guard let file else { throw TranscriptionFailure.badRequest("No audio file provided: the multipart field '\(field)' is missing", code: "missing_file") }
        guard !file.bytes.isEmpty else { throw TranscriptionFailure.badRequest("The audio file in field '\(field)' is empty", code: "empty_file") }
        // The body is complete: only now does the upload hold a transcription slot (`MAX_CONCURRENT_REQUESTS`).
        guard admission.tryEnter() else { throw TranscriptionFailure.busy("Too many transcriptions in progress, retry shortly") }
        defer { admission.leave() }
        let bytes = file.bytes
        guard let format = AudioFormat.detect(bytes) else {
            throw TranscriptionFailure.badRequest("Unsupported audio format in field '\(field)': send wav, mp3, flac, ogg, webm or m4a/mp4", code: "invalid_file_format")
        }
        // Without a cache the hash has no use: skip the 25 MiB SHA-256.
        guard cache.isEnabled else { return (try await fetch(bytes: bytes, file: file, format: format, parameters: parameters), false) }
        let hash: String
        do {
            hash = try await workers.run { AudioHasher.sha256Hex(bytes) }
        } catch WorkerPoolError.cancelled {
            throw CancellationError()
        } catch let error as WorkerPoolError {
            throw TranscriptionFailure.busy("The server is busy (\(error)); retry shortly")
        }
        let key = parameters.cacheKey(audioHash: hash, provider: provider.name)
        if let hit = cache.lookup(key) { return (hit, true) }
        let result = try await fetch(bytes: bytes, file: file, format: format, parameters: parameters)
        cache.store(key, result)
        return (result, false)
    }

    /// The provider call and the optional polishing pass.
    private func fetch(bytes: [UInt8], file: MultipartFile, format: AudioFormat, parameters: TranscriptionParameters) async throws -> TranscriptionResult {
        let transcript = try await provider.transcribe(ProviderAudio(bytes: bytes, filename: Self.filename(file.filename, format), format: format), parameters: parameters)
        var result = TranscriptionResult(
            text: transcript.text, originalText: transcript.text, aiProcessed: false,
            durationSeconds: transcript.durationSeconds ?? AudioDuration.estimate(bytes, format: format) ?? Double(bytes.count) / 32_000,
            language: transcript.language ?? parameters.language, verboseJSON: transcript.verboseJSON)
        if parameters.mode != "standard", !transcript.text.isEmpty {
            result.text = try await TextPolisher.polish(transcript.text, mode: parameters.mode, provider: provider)
            result.aiProcessed = true
        }
        return result
    }

    /// A filename whose extension matches the bytes (providers infer the format from it).
    static func filename(_ given: String, _ format: AudioFormat) -> String {
        let base = given.split(separator: "/").last.map(String.init) ?? "audio"
        let stem = base.split(separator: ".").dropLast().joined(separator: ".")
        // Providers know .webm, not .mkv: the container is the same.
        let ext = format == .matroska ? AudioFormat.webm.fileExtension : format.fileExtension
        return (stem.isEmpty ? "audio" : stem) + "." + ext
    }
}
