import Basics
/// Which `Content-Type` values are worth compressing: text formats yes, formats that are
/// already compressed (images other than SVG, audio, video, archives, PDF, WOFF fonts) no.
/// An allow-list: anything not recognised is left alone.
enum CompressibleMediaType {
    private static let applicationSubtypes: Set<Substring> = [
        "json", "javascript", "x-javascript", "ecmascript", "xml", "wasm",
        "x-ndjson", "ndjson", "graphql", "yaml", "x-yaml", "toml", "x-www-form-urlencoded",
    ]
    private static let otherTypes: Set<Substring> = [
        "image/svg+xml", "font/ttf", "font/otf", "font/collection",
    ]

    /// True when a body of `contentType` (parameters such as `charset` allowed) compresses well.
    static func isCompressible(_ contentType: String) -> Bool {
        let essence = contentType.prefix { $0 != ";" }
        let mediaType = essence.trimmingWhitespace().lowercased()[...]
        guard let slash = mediaType.firstIndex(of: "/") else { return false }
        let type = mediaType[..<slash]
        let subtype = mediaType[mediaType.index(after: slash)...]
        guard isToken(type), isToken(subtype) else { return false }
        switch type {
        case "text":
            // A stream of events must reach the client as each is written, not when a buffer fills.
            return subtype != "event-stream"
        case "application":
            return applicationSubtypes.contains(subtype) || subtype.hasSuffix("+json") || subtype.hasSuffix("+xml")
        default:
            return otherTypes.contains(mediaType)
        }
    }

    private static func isToken(_ text: Substring) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy(HTTPSyntax.isTokenByte)
    }
}
