import Accounts
import Basics
import FoundationEssentials
import HTTPServer
import HTTP1
import Storage
import Transcription
import Upstream

/// `POST /v1/chat/completions` (alias under `/openai`): passed through to the provider's chat endpoint with this
/// server's key and its upstream pool (SPEC section 4), for plans with `ai_rewrite`. The client's body goes as is
/// (the model is the client's choice, as with the provider itself); `"stream": true` is relayed as server-sent events
/// as they arrive. Refusals and provider failures are in OpenAI's shape. Rate limited like every route (the global
/// limiter); no audio minutes are charged.
struct GatewayChatRoutes {
    /// Largest chat request read.
    static let maxBodyBytes = 1 << 20

    let auth: AuthMiddleware
    let store: any Store
    let provider: OpenAICompatibleProvider

    /// What is checked of the body before it goes on: a JSON object with a non-empty `messages` array.
    struct Shape: Decodable {
        struct Message: Decodable { var role: String }
        var messages: [Message]?
        var stream: Bool?
    }

    func register(in router: inout Router) {
        let store = store
        let provider = provider
        let handler: Router.Handler = { request in
            let user = try await UserResolver.resolve(try request.requireIdentity(), store)
            guard PlanCatalog.allows(user.plan, .aiRewrite) else { throw UsageRefusal.featureNotInPlan(.aiRewrite, plan: user.plan) }
            let body = try await request.body.collect(upTo: Self.maxBodyBytes)
            let shape: Shape
            do {
                shape = try JSON.decode(Shape.self, from: body)
            } catch {
                throw TranscriptionFailure.badRequest(body.isEmpty ? "A JSON body is required" : "The body must be a JSON object with a messages array",
                                                      code: "invalid_request")
            }
            guard let messages = shape.messages, !messages.isEmpty else {
                throw TranscriptionFailure.badRequest("messages must be a non-empty array", code: "invalid_request")
            }
            if shape.stream == true {
                let upstream = try await provider.chatCompletionStream(body: body)
                var headers = HTTPHeaders()
                headers.set("Content-Type", upstream.header("Content-Type") ?? "text/event-stream")
                headers.set("Cache-Control", "no-cache")
                headers.set("X-Accel-Buffering", "no")  // nginx: pass each event on at once
                return .streaming(upstream.body, status: upstream.status, headers: headers)
            }
            let upstream = try await provider.chatCompletion(body: body)
            var response = Response(status: upstream.status, body: upstream.body)
            response.headers.set("Content-Type", upstream.header("Content-Type") ?? "application/json")
            return response
        }
        router.add("POST", "/v1/chat/completions", through: [auth], handler)
        router.add("POST", "/openai/v1/chat/completions", through: [auth], handler)
    }
}
