/// A file part collected from a `multipart/form-data` body.
public struct MultipartFile: Sendable, Equatable {
    /// The client's file name (possibly empty), as sent.
    public var filename: String
    /// The part's Content-Type, when it had one. Never trusted for the audio type.
    public var contentType: String?
    /// The file's content.
    public var bytes: [UInt8]

    public init(filename: String, contentType: String?, bytes: [UInt8]) {
        self.filename = filename
        self.contentType = contentType
        self.bytes = bytes
    }
}
