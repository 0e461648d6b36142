@testable import Basics
@testable import Multipart
import Foundation
import Glibc
import HTTP1
import Logging
import Synchronization
import TestSupport
@testable import Eloquent
@testable import HTTPServer

/// A loopback OpenAI-compatible provider for the gateway tests, built on the project's own `HTTPServer` (real
/// sockets): transcriptions and translations (verbose_json with two segments, or text), chat completions (JSON, or
/// server-sent events streamed one by one, the last held until `release()`), and `/models` for `/ready`'s probe.
final class GatewayStandIn: Sendable {
    static let prefix = "/openai/v1"
    static let key = "gsk_gateway_standin_0123456789"
    static let model = "whisper-gateway-turbo"

    struct Seen: Sendable {
        var path: String
        var authorization: String?
        var fields: [String: String] = [:]
        var body: [UInt8] = []
    }

    struct State {
        var seen: [Seen] = []
        var released = false
        /// When set, chat answers this status and body.
        var chatFailure: (Int, String)?
    }

    /// The stand-in's state, shared with its handlers.
    final class Shared: Sendable {
        let state = Mutex(State())
        func withLock<T>(_ body: (inout State) -> T) -> T { state.withLock { body(&$0) } }
    }

    let state = Shared()
    private let server: StandInServer
    var port: Int { server.port }

    init() throws {
        var router = Router()
        let state = state
        for path in ["/audio/transcriptions", "/audio/translations"] {
            router.post(Self.prefix + path) { request in
                let boundary = try MultipartBoundary.parse(contentType: request.headers["Content-Type"])
                let form = try await MultipartForm.collect(MultipartParser(boundary: boundary, limits: MultipartLimits()),
                                                           next: { try await request.body.read() })
                state.withLock { $0.seen.append(Seen(path: request.path, authorization: request.headers["Authorization"], fields: form.fields)) }
                guard request.headers["Authorization"] == "Bearer " + Self.key else { return .json(#"{"error":{"message":"bad key"}}"#, status: 401) }
                let text = path.hasSuffix("translations") ? "Hello, world. How are you?" : "Hola, mundo. ¿Cómo estás?"
                if form.fields["response_format"] == "text" { return .text(text) }
                let task = path.hasSuffix("translations") ? "translate" : "transcribe"
                return .json(#"{"task":"\#(task)","language":"spanish","duration":3.25,"text":\#(JSON.quote(text)),"segments":[{"id":0,"start":0.0,"end":1.5,"text":" Hello, world."},{"id":1,"start":1.5,"end":3.25,"text":" How are you? <3 --> ok"}]}"#)
            }
        }
        router.post(Self.prefix + "/chat/completions") { request in
            let body = try await request.body.collect(upTo: 1 << 20)
            state.withLock { $0.seen.append(Seen(path: request.path, authorization: request.headers["Authorization"], body: body)) }
            if let failure = state.withLock({ $0.chatFailure }) { return .json(failure.1, status: failure.0) }
            guard request.headers["Authorization"] == "Bearer " + Self.key else { return .json(#"{"error":{"message":"bad key"}}"#, status: 401) }
            let text = String(decoding: body, as: UTF8.self)
            if text.contains(#""stream":true"#) || text.contains(#""stream": true"#) {
                // Produced in the consuming task (the stand-in connection's, on its loop), not in a task of the
                // global pool, which blocking test clients may keep busy.
                let events = ["Hello", " there", "!"].map { Array(Self.event($0).utf8) } + [Array("data: [DONE]\n\n".utf8)]
                let next = Atomic<Int>(0)
                let stream = AsyncThrowingStream<[UInt8], any Error> {
                    let index = next.add(1, ordering: .relaxed).oldValue
                    guard index < events.count else { return nil }
                    if index == 2 {
                        // The last event waits for the test: what came before must already have reached it.
                        while !state.withLock({ $0.released }) { try await Task.sleep(for: .milliseconds(10)) }
                    }
                    return events[index]
                }
                var headers = HTTPHeaders()
                headers.set("Content-Type", "text/event-stream")
                return .streaming(stream, headers: headers)
            }
            return .json(#"{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"llama-standin","choices":[{"index":0,"message":{"role":"assistant","content":"Polished text."},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}"#)
        }
        router.get(Self.prefix + "/models") { _ in .json(#"{"object":"list","data":[]}"#) }
        server = try StandInServer(router)
    }

    static func event(_ word: String) -> String {
        "data: " + #"{"id":"chatcmpl-s","object":"chat.completion.chunk","created":1,"model":"llama-standin","choices":[{"index":0,"delta":{"content":\#(JSON.quote(word))},"finish_reason":null}]}"# + "\n\n"
    }

    var baseURL: String { "http://127.0.0.1:\(port)\(Self.prefix)" }

    var environment: [String: String] {
        ["TRANSCRIPTION_PROVIDER": "groq", "GROQ_API_KEY": Self.key, "GROQ_BASE_URL": baseURL, "GROQ_MODEL": Self.model]
    }

    var seen: [Seen] { state.withLock { $0.seen } }
    func release() { state.withLock { $0.released = true } }

    func stop() -> Bool {
        release()
        return server.stop()
    }

    /// Runs `body` against the application pointed at a fresh stand-in; returns whether everything closed cleanly.
    static func run(_ extra: [String: String] = [:], _ body: (FlowSession, GatewayStandIn) async throws -> Void) async throws -> Bool {
        let provider = try GatewayStandIn()
        let clean: Bool
        do {
            clean = try await FlowLive.run(provider.environment.merging(extra) { $1 }) { try await body($0, provider) }
        } catch {
            _ = provider.stop()
            throw error
        }
        return provider.stop() && clean
    }
}

/// Reads a chunked response as it arrives, over a raw socket.
final class StreamingReader {
    let client: RawClient
    private(set) var received: [UInt8] = []

    init(port: Int) throws { client = try RawClient(port: port, timeoutSeconds: 10) }

    /// Reads until `text` has been received (or the connection ends); returns whether it was.
    func read(until text: String) -> Bool {
        while !String(decoding: received, as: UTF8.self).contains(text) {
            var chunk = [UInt8](repeating: 0, count: 16384)
            let n = chunk.withUnsafeMutableBytes { recv(client.fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return false }
            received += chunk[0..<n]
        }
        return true
    }

    var text: String { String(decoding: received, as: UTF8.self) }
}

/// A multipart upload with `file` and fields, for the `/v1` audio routes.
enum GatewayUpload {
    static func form(fields: [(String, String)]) -> (contentType: String, body: [UInt8]) {
        var builder = MultipartBuilder()
        for (name, value) in fields { builder.addField(name: name, value: value) }
        builder.addFile(name: "file", filename: "speech.wav", contentType: "audio/wav", bytes: AccountUpload.wav())
        return (builder.contentType, builder.build())
    }
}
