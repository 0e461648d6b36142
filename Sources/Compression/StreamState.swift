/// Where a zlib stream owned by `Deflater` or `Inflater` stands.
enum StreamState: Sendable, Equatable {
    /// Accepting input.
    case active
    /// The compressed stream has ended (deflate: finished; inflate: end of stream seen).
    case ended
    /// A call failed; the stream accepts nothing more.
    case failed
}
