/// Turns `MultipartEvent`s into a `MultipartForm`, one batch at a time. The synchronous
/// core of `MultipartForm.collect`.
public struct MultipartFormCollector: Sendable, MultipartEventSink {
    /// What has been collected so far.
    public private(set) var form = MultipartForm()
    private var name: String?
    private var filename: String?
    private var contentType: String?
    private var bytes: [UInt8] = []
    /// Capacity reserved up front for the first file part (the body's declared length): the part is then collected
    /// into one buffer, never regrown and copied.
    private var fileCapacity: Int?

    public init(fileCapacity: Int? = nil) { self.fileCapacity = fileCapacity }

    /// Applies `events` in order.
    public mutating func consume(_ events: [MultipartEvent]) throws(MultipartError) {
        for event in events {
            switch event {
            case .partBegin(let name, let filename, let contentType):
                try partBegin(name: name, filename: filename, contentType: contentType)
            case .partData(let data):
                if bytes.isEmpty && bytes.capacity < data.count {
                    bytes = data
                } else {
                    bytes.append(contentsOf: data)
                }
            case .partEnd:
                try endPart()
            }
        }
    }

    private mutating func endPart() throws(MultipartError) {
        guard let name else { return }
        if let filename {
            form.files[name] = MultipartFile(filename: filename, contentType: contentType, bytes: bytes)
        } else {
            guard let value = String(validating: bytes, as: UTF8.self) else { throw .fieldNotUTF8(name: name) }
            form.allFields.append((name, value))
            if form.fields[name] == nil { form.fields[name] = value }
        }
        self.name = nil
        bytes = []
    }

    public mutating func partBegin(name: String, filename: String?, contentType: String?) throws(MultipartError) {
        if filename != nil, form.files[name] != nil { throw .duplicateFile(name: name) }
        self.name = name
        self.filename = filename
        self.contentType = contentType
        bytes = []
        if filename != nil, let capacity = fileCapacity {
            bytes.reserveCapacity(capacity)
            fileCapacity = nil
        }
    }

    /// Copies the bytes, in place, into the part's buffer (the one copy a streamed file part costs).
    public mutating func partData(_ data: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: data)
    }

    public mutating func partEnd() throws(MultipartError) { try endPart() }
}
