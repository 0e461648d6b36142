import TestSupport
import HTTP1
import Logging
@testable import Eloquent
@testable import HTTPServer

/// A loopback stand-in for an OpenAI-compatible provider (Groq's `/openai/v1` API), built from the project's own
/// `HTTPServer` and `Router` on 127.0.0.1:0 (real sockets). It reads each transcription request's multipart body with
/// `MultipartParser`, checks the key and the fields, records the request, and answers as told (`StandInReply`).
final class StandInProvider: Sendable {
    static let prefix = "/openai/v1"

    /// What it was told and what it saw.
    let log: StandInLog
    private let server: StandInServer
    var port: Int { server.port }

    /// Starts the stand-in; it expects `Authorization: Bearer <key>`.
    init(key: String = TranscriptionLive.providerKey) throws {
        log = StandInLog(key: key)
        server = try StandInServer(StandInHandlers(log: log).router())
    }

    /// The base URL to give the application (`GROQ_BASE_URL`).
    var baseURL: String { "http://127.0.0.1:\(port)\(Self.prefix)" }

    /// Stops the stand-in (a request still waiting is cancelled); returns whether its loop closed cleanly.
    func stop() -> Bool { server.stop() }

    var reply: StandInReply {
        get { log.reply }
        set { log.reply = newValue }
    }

    var chat: StandInChat {
        get { log.chat }
        set { log.chat = newValue }
    }

    var transcriptionRecords: [StandInRecord] { log.records.filter { $0.path.hasSuffix("/audio/transcriptions") } }
    var chatRecords: [StandInRecord] { log.records.filter { $0.path.hasSuffix("/chat/completions") } }
    /// Requests whose handler saw its task cancelled because the caller closed the connection.
    var cancelledCount: Int { log.cancelledCount }
    /// Requests that reached the point of answering (or waiting to answer).
    var waitingCount: Int { log.waitingCount }

    /// Lets every `.held` request answer.
    func release() { log.release() }
}
