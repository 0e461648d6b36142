/// Builds a `multipart/form-data` body for an outbound call (the provider's
/// `/audio/transcriptions`): text fields and files, behind a random boundary. Names and
/// file names are quoted the way browsers do it (WHATWG): `"`, CR and LF become `%22`,
/// `%0D`, `%0A`.
public struct MultipartBuilder: Sendable {
    private enum Part: Sendable {
        case field(name: String, value: String)
        case file(name: String, filename: String, contentType: String, bytes: [UInt8])
    }

    /// The boundary, without the leading `--`.
    public let boundary: MultipartBoundary
    private var parts: [Part] = []

    /// A builder with a fresh random boundary.
    public init() {
        boundary = Self.randomBoundary()
    }

    /// A builder with a given boundary (for tests).
    public init(boundary: MultipartBoundary) {
        self.boundary = boundary
    }

    /// The Content-Type header value for the body.
    public var contentType: String {
        "multipart/form-data; boundary=\(boundary.value)"
    }

    public mutating func addField(name: String, value: String) {
        parts.append(.field(name: name, value: value))
    }

    public mutating func addFile(name: String, filename: String, contentType: String, bytes: [UInt8]) {
        parts.append(.file(name: name, filename: filename, contentType: contentType, bytes: bytes))
    }

    /// The complete body, built with one allocation.
    public func build() -> [UInt8] {
        let dashBoundary = Array("--\(boundary.value)".utf8)
        let heads = parts.map(head)
        var size = dashBoundary.count + 4
        for (part, head) in zip(parts, heads) {
            size += dashBoundary.count + 2 + head.count + 2
            switch part {
            case .field(_, let value): size += value.utf8.count
            case .file(_, _, _, let bytes): size += bytes.count
            }
        }
        var body: [UInt8] = []
        body.reserveCapacity(size)
        for (part, head) in zip(parts, heads) {
            body += dashBoundary
            body += [13, 10]
            body += head
            switch part {
            case .field(_, let value): body += value.utf8
            case .file(_, _, _, let bytes): body += bytes
            }
            body += [13, 10]
        }
        body += dashBoundary
        body += Array("--\r\n".utf8)
        return body
    }

    /// The body as consecutive segments: the framing between the parts is built, while each file's bytes are the
    /// caller's own array, shared (no copy). Concatenated, they are exactly `build()`.
    public func buildSegments() -> [[UInt8]] {
        let dashBoundary = Array("--\(boundary.value)".utf8)
        var segments: [[UInt8]] = []
        var framing: [UInt8] = []
        for part in parts {
            framing += dashBoundary
            framing += [13, 10]
            framing += head(part)
            switch part {
            case .field(_, let value): framing += value.utf8
            case .file(_, _, _, let bytes):
                segments.append(framing)
                segments.append(bytes)
                framing = []
            }
            framing += [13, 10]
        }
        framing += dashBoundary
        framing += Array("--\r\n".utf8)
        segments.append(framing)
        return segments.filter { !$0.isEmpty }
    }

    /// The part's header block and the empty line after it.
    private func head(_ part: Part) -> [UInt8] {
        let text = switch part {
        case .field(let name, _):
            "Content-Disposition: form-data; name=\"\(Self.escape(name))\"\r\n\r\n"
        case .file(let name, let filename, let contentType, _):
            "Content-Disposition: form-data; name=\"\(Self.escape(name))\"; filename=\"\(Self.escape(filename))\"\r\n"
                + "Content-Type: \(Self.stripLineBreaks(contentType))\r\n\r\n"
        }
        return Array(text.utf8)
    }

    private static func escape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "%22"
            case "\r": result += "%0D"
            case "\n": result += "%0A"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func stripLineBreaks(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0 != "\r" && $0 != "\n" })
    }

    /// `EloquentFormBoundary` and 32 random letters and digits (about 190 bits).
    static func randomBoundary() -> MultipartBoundary {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
        var generator = SystemRandomNumberGenerator()
        // Eight letters from each draw (62^8 < 2^64): 4 getrandom calls per boundary instead of 32.
        let radix = UInt64(alphabet.count)
        let perDraw = (0..<8).reduce(UInt64(1)) { power, _ in power * radix }
        var suffix: [UInt8] = []
        suffix.reserveCapacity(32)
        for _ in 0..<4 {
            var draw = generator.next(upperBound: perDraw)
            for _ in 0..<8 {
                suffix.append(alphabet[Int(draw % radix)])
                draw /= radix
            }
        }
        // Letters and digits only, 52 characters: always a valid boundary.
        return MultipartBoundary(unchecked: "EloquentFormBoundary" + String(decoding: suffix, as: UTF8.self))
    }
}
