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

    /// Reads the multipart form as it streams in: `stream` passes each arriving piece of the body (in place) to the
    /// receiver it is given and returns at the body's end. The file field may be up to `maxFileBytes`.
    /// `declaredLength` (the body's `Content-Length`) sizes the audio's buffer up front.
    package func readForm(contentType: String?, missingMessage: String, declaredLength: Int? = nil,
                          stream: (@escaping @Sendable (UnsafeRawBufferPointer) throws -> Void) async throws -> Void) async throws -> MultipartForm {
        let boundary: MultipartBoundary
        do {
            boundary = try MultipartBoundary.parse(contentType: contentType)
        } catch {
            throw TranscriptionFailure.badRequest(missingMessage + " (the request must be multipart/form-data)")
        }
        let parser = MultipartParser(boundary: boundary, limits: MultipartLimits(maxFileBytes: maxFileBytes, maxTotalBytes: maxFileBytes + 1 << 20))
        let reader = FormReader(MultipartFormStream(parser, fileCapacity: declaredLength.map { min($0, maxFileBytes) }),
                                rate: UploadRate(minimum: uploadMinRate))
        do {
            try await stream { bytes in try reader.receive(bytes) }
            return try reader.finish()
        } catch let error as MultipartError {
            throw TranscriptionFailure.badRequest(error.message)
        }
    }

    /// Validates the audio part, then transcribes it (from the cache when the same audio and parameters were seen).
    ///
    /// `beforeProvider` gets the seconds to reserve (SPEC section 7) once the audio is known to be usable, before the
    /// cache or the provider is asked; it may refuse by throwing.
    package func transcribe(file: MultipartFile?, field: String, parameters: TranscriptionParameters,
                            beforeProvider: (Double) async throws -> Void = { _ in }) async throws -> (TranscriptionResult, cached: Bool) {
        guard let file else { throw TranscriptionFailure.badRequest("No audio file provided: the multipart field '\(field)' is missing", code: "missing_file") }
        guard !file.bytes.isEmpty else { throw TranscriptionFailure.badRequest("The audio file in field '\(field)' is empty", code: "empty_file") }
        // The body is complete: only now does the upload hold a transcription slot (`MAX_CONCURRENT_REQUESTS`).
        guard admission.tryEnter() else { throw TranscriptionFailure.busy("Too many transcriptions in progress, retry shortly") }
        defer { admission.leave() }
        let bytes = file.bytes
        guard let format = AudioFormat.detect(bytes) else {
            throw TranscriptionFailure.badRequest("Unsupported audio format in field '\(field)': send wav, mp3, flac, ogg, webm or m4a/mp4", code: "invalid_file_format")
        }
        // Reading the frames of 25 MiB and hashing them are CPU work: both on the worker pool.
        let hashing = cache.isEnabled
        let (inspection, hash) = try await onWorkers { (AudioInspection(bytes, format: format), hashing ? AudioHasher.sha256Hex(bytes) : nil) }
        if let problem = inspection.problem {
            throw TranscriptionFailure.badRequest("The audio file in field '\(field)' holds no audio: \(problem)", code: "invalid_file_format")
        }
        try await beforeProvider(inspection.reservationSeconds)
        // Without a cache the hash has no use: the 25 MiB SHA-256 was skipped.
        guard let hash else { return (try await fetch(bytes: bytes, file: file, inspection: inspection, parameters: parameters), false) }
        let key = parameters.cacheKey(audioHash: hash, provider: provider.name)
        if let hit = cache.lookup(key) { return (hit, true) }
        let result = try await fetch(bytes: bytes, file: file, inspection: inspection, parameters: parameters)
        cache.store(key, result)
        return (result, false)
    }

    /// `body` on the worker pool; a full queue is 503, a cancelled job the caller's cancellation.
    private func onWorkers<T: Sendable>(_ body: @escaping @Sendable () -> T) async throws -> T {
        do {
            return try await workers.run(body)
        } catch WorkerPoolError.cancelled {
            throw CancellationError()
        } catch let error as WorkerPoolError {
            throw TranscriptionFailure.busy("The server is busy (\(error)); retry shortly")
        }
    }

    /// The provider call and the optional polishing pass.
    private func fetch(bytes: [UInt8], file: MultipartFile, inspection: AudioInspection, parameters: TranscriptionParameters) async throws -> TranscriptionResult {
        let format = inspection.format
        let transcript = try await provider.transcribe(ProviderAudio(bytes: bytes, filename: Self.filename(file.filename, format), format: format), parameters: parameters)
        var result = TranscriptionResult(
            text: transcript.text, originalText: transcript.text, aiProcessed: false,
            durationSeconds: AudioDuration.chargeableSeconds(measurement: inspection.measurement, totalBytes: inspection.totalBytes,
                                                             format: format, reported: transcript.durationSeconds),
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

/// What the pipeline learns from an upload's bytes before the provider sees them: whether it holds audio at all, and
/// its measured duration (SPEC section 7).
struct AudioInspection: Sendable {
    let format: AudioFormat
    let totalBytes: Int
    /// Why the file holds no audio (400), or nil.
    let problem: String?
    let measurement: AudioMeasurement?

    init(_ bytes: [UInt8], format: AudioFormat) {
        self.format = format
        totalBytes = bytes.count
        let measured = AudioDuration.measure(bytes, format: format)
        problem = format.missingAudio(in: bytes, measurement: measured)
        measurement = problem == nil ? measured : nil
    }

    /// The seconds to hold against the month's limit while the transcription runs.
    var reservationSeconds: Double {
        AudioDuration.reservationSeconds(measurement: measurement, totalBytes: totalBytes, format: format)
    }
}

/// A form being read from a streamed body, with its `UPLOAD_MIN_RATE` clock. Used by one thread at a time: the
/// body's reader while the reading task waits, then that task.
private final class FormReader: @unchecked Sendable {
    private var form: MultipartFormStream
    private var rate: UploadRate

    init(_ form: MultipartFormStream, rate: UploadRate) {
        self.form = form
        self.rate = rate
    }

    func receive(_ bytes: UnsafeRawBufferPointer) throws {
        try rate.received(bytes.count, done: false)
        try form.receive(bytes)
    }

    func finish() throws -> MultipartForm {
        try rate.received(0, done: true)
        return try form.finish()
    }
}
