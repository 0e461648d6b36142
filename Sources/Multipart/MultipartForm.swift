/// A whole `multipart/form-data` body collected into text fields and files. Parts whose
/// Content-Disposition has a `filename` are files; the rest are text fields, which must be
/// UTF-8. Repeated text fields are all kept (`allFields`), `fields` holds the first of each
/// name; two files with one name are an error.
public struct MultipartForm: Sendable {
    /// The first value of each text field.
    public var fields: [String: String]
    /// Every text field in body order.
    public var allFields: [(name: String, value: String)]
    /// The files, by field name.
    public var files: [String: MultipartFile]

    public init(
        fields: [String: String] = [:], allFields: [(name: String, value: String)] = [],
        files: [String: MultipartFile] = [:]
    ) {
        self.fields = fields
        self.allFields = allFields
        self.files = files
    }

    /// Every value of the text field `name`, in body order.
    public func values(of name: String) -> [String] {
        allFields.filter { $0.name == name }.map(\.value)
    }

    /// Runs `parser` over `chunks` to the end and collects the form. Throws `MultipartError`
    /// for a bad body, or whatever `chunks` throws.
    public static func collect<Chunks: AsyncSequence>(
        _ parser: MultipartParser, chunks: Chunks
    ) async throws -> MultipartForm where Chunks.Element == [UInt8] {
        var parser = parser
        var collector = MultipartFormCollector()
        for try await chunk in chunks {
            try collector.consume(parser.feed(chunk))
        }
        try parser.finish()
        return collector.form
    }

    /// Runs `parser` over the chunks `next` returns until it returns nil, and collects the
    /// form. Fits `RequestBody.read()`.
    /// `fileCapacity`: the body's declared length, when known, reserved for the first file part.
    public static func collect(
        _ parser: MultipartParser, fileCapacity: Int? = nil, next: () async throws -> [UInt8]?
    ) async throws -> MultipartForm {
        var parser = parser
        var collector = MultipartFormCollector(fileCapacity: fileCapacity)
        while let chunk = try await next() {
            try collector.consume(parser.feed(chunk))
        }
        try parser.finish()
        return collector.form
    }
}

/// A form collected from bytes pushed to it as they arrive (`receive`, e.g. straight from a connection's read
/// buffer, so content is copied once, into its part), then `finish`ed. Used by one thread at a time.
public struct MultipartFormStream: Sendable {
    private var parser: MultipartParser
    private var collector: MultipartFormCollector

    /// `fileCapacity`: the body's declared length, when known, reserved for the first file part.
    public init(_ parser: MultipartParser, fileCapacity: Int? = nil) {
        self.parser = parser
        collector = MultipartFormCollector(fileCapacity: fileCapacity)
    }

    /// Parses the next bytes of the body (read in place, during the call only).
    public mutating func receive(_ bytes: UnsafeRawBufferPointer) throws(MultipartError) {
        try parser.feed(bytes.assumingMemoryBound(to: UInt8.self), into: &collector)
    }

    /// Declares the body complete (`.truncated` unless the close delimiter was seen) and returns the form.
    public mutating func finish() throws(MultipartError) -> MultipartForm {
        try parser.finish()
        return collector.form
    }
}

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
