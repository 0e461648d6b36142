@testable import Multipart
@testable import Eloquent

/// One request as the stand-in provider received it, with every check it failed.
struct StandInRecord: Sendable {
    var path: String
    var authorization: String?
    /// Text fields of a transcription request (`model`, `language`, `response_format`, …).
    var fields: [String: String] = [:]
    /// The `file` part of a transcription request.
    var file: MultipartFile?
    /// The JSON body of a chat request.
    var chatBody: [UInt8] = []
    /// Checks this request failed (wrong key, missing field, unreadable multipart…); empty when it was well formed.
    var problems: [String] = []
}
