/// What `MultipartParser.feed(_:)` reports, in body order. Every `partBegin` is followed by
/// zero or more `partData` and one `partEnd`.
public enum MultipartEvent: Equatable, Sendable {
    /// A part starts. `filename` is present (possibly empty) for file parts.
    case partBegin(name: String, filename: String?, contentType: String?)
    /// The next bytes of the current part's content.
    case partData([UInt8])
    /// The current part is complete.
    case partEnd
}
