import HTTPServer

/// `/api/transcribe/*` routes.
struct TranscribeRoutes {
    let auth: AuthMiddleware

    func register(in router: inout Router) {
        router.add("GET", "/api/transcribe/api-key", through: [auth]) { _ in
            // The provider key never leaves the server (SPEC section 9).
            .error("This endpoint has been retired: the provider API key is never handed to clients. "
                   + "Send audio to POST /api/transcribe/audio (or /v1/audio/transcriptions) and this server calls the provider.",
                   status: 410)
        }
    }
}
