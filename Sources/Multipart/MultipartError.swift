/// Why a `multipart/form-data` request body was refused. Every case maps to a 400 whose
/// message (`message`) names the problem and, where there is one, the field at fault.
public enum MultipartError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The Content-Type is absent or not `multipart/form-data`.
    case notMultipart
    /// The Content-Type has no `boundary` parameter.
    case missingBoundary
    /// The `boundary` parameter is empty, longer than 70 characters or uses a forbidden character.
    case invalidBoundary
    /// The body breaks the multipart syntax; `reason` says where.
    case malformedBody(reason: String)
    /// The body ended before the closing boundary.
    case truncated
    /// A part's header block is larger than the limit.
    case partHeadersTooLarge(limit: Int)
    /// A part's headers are malformed (bad line, missing or unusable Content-Disposition).
    case malformedPartHeaders(reason: String)
    /// The body has more parts than the limit.
    case tooManyParts(limit: Int)
    /// A non-file field is larger than the limit.
    case fieldTooLarge(name: String, limit: Int)
    /// A file is larger than the limit.
    case fileTooLarge(name: String, limit: Int)
    /// The whole body is larger than the limit.
    case bodyTooLarge(limit: Int)
    /// A text field is not valid UTF-8.
    case fieldNotUTF8(name: String)
    /// Two file parts share one name.
    case duplicateFile(name: String)

    /// The field the error concerns, when it concerns one.
    public var field: String? {
        switch self {
        case .fieldTooLarge(let name, _), .fileTooLarge(let name, _), .fieldNotUTF8(let name),
             .duplicateFile(let name):
            name
        default: nil
        }
    }

    /// A one-line message fit to show the client.
    public var message: String {
        switch self {
        case .notMultipart: "Content-Type must be multipart/form-data"
        case .missingBoundary: "multipart/form-data Content-Type has no boundary parameter"
        case .invalidBoundary: "multipart boundary must be 1 to 70 allowed characters"
        case .malformedBody(let reason): "malformed multipart body: \(reason)"
        case .truncated: "multipart body ended before its closing boundary"
        case .partHeadersTooLarge(let limit): "multipart part headers are larger than \(limit) bytes"
        case .malformedPartHeaders(let reason): "malformed multipart part headers: \(reason)"
        case .tooManyParts(let limit): "multipart body has more than \(limit) parts"
        case .fieldTooLarge(let name, let limit): "field \(Self.quote(name)) is larger than \(limit) bytes"
        case .fileTooLarge(let name, let limit): "file \(Self.quote(name)) is larger than \(limit) bytes"
        case .bodyTooLarge(let limit): "multipart body is larger than \(limit) bytes"
        case .fieldNotUTF8(let name): "field \(Self.quote(name)) is not valid UTF-8"
        case .duplicateFile(let name): "file field \(Self.quote(name)) appears more than once"
        }
    }

    public var description: String { message }

    /// `name` in double quotes, cut to 64 characters, control characters replaced, so that
    /// a hostile field name cannot bloat or break the message.
    static func quote(_ name: String) -> String {
        var result = "\""
        for (count, scalar) in name.unicodeScalars.enumerated() {
            if count == 64 {
                result += "…"
                break
            }
            switch scalar {
            case "\"", "\\": result += "\\" + String(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: result += "?"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
