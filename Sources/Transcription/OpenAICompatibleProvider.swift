public import AudioFormat
public import Multipart
import FoundationEssentials
public import Basics
public import Upstream

/// `POST {base}/audio/transcriptions` and `POST {base}/chat/completions` through a pooled upstream client.
package struct OpenAICompatibleProvider: WhisperProvider {
    package let name: String
    let baseURL: String
    let apiKey: String?
    package let defaultModel: String
    let chatModel: String
    let pool: UpstreamPool
    let timeout: Duration
    /// Builds the (up to 25 MiB) multipart body off the event loop.

    package init(name: String, baseURL: String, apiKey: String?, defaultModel: String, chatModel: String, pool: UpstreamPool, timeout: Duration) {
        self.name = name
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.defaultModel = defaultModel
        self.chatModel = chatModel
        self.pool = pool
        self.timeout = timeout
    }

    package func transcribe(_ audio: ProviderAudio, parameters: TranscriptionParameters) async throws -> ProviderTranscript {
        var form = MultipartBuilder()
        form.addField(name: "model", value: parameters.model)
        if let language = parameters.language { form.addField(name: "language", value: language) }
        if let prompt = parameters.prompt { form.addField(name: "prompt", value: prompt) }
        form.addField(name: "response_format", value: parameters.providerFormat)
        if let temperature = parameters.temperature { form.addField(name: "temperature", value: String(temperature)) }
        form.addFile(name: "file", filename: audio.filename, contentType: audio.format.mimeType, bytes: audio.bytes)
        // The audio goes out as the buffer the upload was collected into: only the framing around it is built
        // (no worker job, no copy in Swift; libcurl's read callback copies it into its send buffer).
        let body = form.buildSegments()
        let endpoint = parameters.task == .translate ? "/audio/translations" : "/audio/transcriptions"
        let name = name
        return try await Self.providerCall {
            let response = try await send(path: endpoint, contentType: form.contentType, segments: body,
                                          accept: parameters.providerFormat == "text" ? "text/plain" : "application/json")
            if parameters.providerFormat == "text" {
                return ProviderTranscript(text: String(decoding: response.body, as: UTF8.self).trimmed())
            }
            guard let decoded = try? JSONDecoder().decode(VerboseTranscription.self, from: Data(response.body)) else {
                throw TranscriptionFailure(status: 502, message: "Transcription failed", details: "\(name) sent a response that is not a transcription")
            }
            return ProviderTranscript(text: decoded.text.trimmed(), durationSeconds: decoded.duration, language: decoded.language,
                                      verboseJSON: parameters.providerFormat == "verbose_json" ? response.body : nil)
        }
    }

    /// Runs a call that reaches the provider: a `TranscriptionFailure` it throws is marked `reachedProvider`.
    static func providerCall<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch var failure as TranscriptionFailure {
            failure.reachedProvider = true
            throw failure
        }
    }

    package func complete(system: String, user: String, temperature: Double, maxTokens: Int) async throws -> String {
        let request = ChatRequest(model: chatModel, messages: [.init(role: "system", content: system), .init(role: "user", content: user)],
                                  temperature: temperature, max_tokens: maxTokens)
        let name = name
        return try await Self.providerCall {
            let response = try await send(path: "/chat/completions", contentType: "application/json",
                                          body: JSON.encode(request), accept: "application/json")
            guard let decoded = try? JSONDecoder().decode(ChatResponse.self, from: Data(response.body)) else {
                throw TranscriptionFailure(status: 502, message: "AI enhancement failed", details: "\(name) sent a response that is not a chat completion")
            }
            guard let content = decoded.choices.first?.message.content?.trimmed(), !content.isEmpty else {
                throw TranscriptionFailure(status: 502, message: "AI enhancement failed", details: "\(name) returned no text")
            }
            return content
        }
    }

    /// `POST {base}/chat/completions` with a client's body as is (the gateway's pass-through), with this server's
    /// key. A 2xx answer is returned as is; any other answer or failure is the SPEC section 8 mapping.
    package func chatCompletion(body: [UInt8]) async throws -> UpstreamResponse {
        try await Self.providerCall {
            try await send(path: "/chat/completions", contentType: "application/json", body: body, accept: "application/json")
        }
    }

    /// The same with `"stream": true`: returns once the provider's head arrived; its server-sent events follow on
    /// `body` as they come.
    package func chatCompletionStream(body: [UInt8]) async throws -> UpstreamStreamResponse {
        var headers = [("Content-Type", "application/json"), ("Accept", "text/event-stream")]
        if let apiKey { headers.append(("Authorization", "Bearer " + apiKey)) }
        let request = UpstreamRequest(method: "POST", url: baseURL + "/chat/completions", headers: headers, body: body, timeout: timeout)
        let name = name
        return try await Self.providerCall {
            let response: UpstreamStreamResponse
            do throws(UpstreamError) {
                response = try await pool.stream(request)
            } catch {
                throw ProviderErrorMapping.failure(for: error, provider: name)
            }
            guard (200..<300).contains(response.status) else {
                let body = (try? await response.collect(limit: 64 * 1024)) ?? []
                throw ProviderErrorMapping.failure(for: UpstreamResponse(status: response.status, headers: response.headers, body: body),
                                                   provider: name)
            }
            return response
        }
    }

    /// Whether the provider answers at all (`GET {base}/models`, at most `timeout`), for `/ready`: `ok` (any answer
    /// but those below), `unauthorized` (401/403: this server's key is refused), `failing` (5xx), `unreachable`.
    package func probe(timeout: Duration = .seconds(2)) async -> String {
        var headers: [(String, String)] = [("Accept", "application/json")]
        if let apiKey { headers.append(("Authorization", "Bearer " + apiKey)) }
        do {
            let response = try await pool.send(UpstreamRequest(method: "GET", url: baseURL + "/models", headers: headers, timeout: timeout))
            switch response.status {
            case 401, 403: return "unauthorized"
            case 500...: return "failing"
            default: return "ok"
            }
        } catch {
            return "unreachable"
        }
    }

    /// One call with the SPEC section 8 mapping of failures.
    private func send(path: String, contentType: String, body: [UInt8] = [], segments: [[UInt8]] = [], accept: String) async throws -> UpstreamResponse {
        var headers = [("Content-Type", contentType), ("Accept", accept)]
        if let apiKey { headers.append(("Authorization", "Bearer " + apiKey)) }
        var request = UpstreamRequest(method: "POST", url: baseURL + path, headers: headers, body: body, timeout: timeout)
        request.bodySegments = segments
        let response: UpstreamResponse
        do {
            response = try await pool.send(request)
        } catch {
            throw ProviderErrorMapping.failure(for: error, provider: name)
        }
        guard (200..<300).contains(response.status) else {
            throw ProviderErrorMapping.failure(for: response, provider: name)
        }
        return response
    }
}

private struct VerboseTranscription: Decodable {
    var text: String
    var duration: Double?
    var language: String?
}

private struct ChatRequest: Encodable {
    struct Message: Encodable { var role: String; var content: String }
    var model: String
    var messages: [Message]
    var temperature: Double
    var max_tokens: Int
}

private struct ChatResponse: Decodable {
    struct Choice: Decodable { struct Message: Decodable { var content: String? }; var message: Message }
    var choices: [Choice]
}

