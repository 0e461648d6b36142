/// Size and count limits a `MultipartParser` enforces while it reads.
public struct MultipartLimits: Sendable, Equatable {
    /// Default for `maxParts`.
    public static let defaultMaxParts = 16
    /// Default for `maxPartHeaderBytes`: 8 KiB.
    public static let defaultMaxPartHeaderBytes = 8 * 1024
    /// Default for `maxFieldBytes`: 64 KiB.
    public static let defaultMaxFieldBytes = 64 * 1024
    /// Default for `maxFileBytes`: 25 MiB, the providers' own upload limit.
    public static let defaultMaxFileBytes = 25 * 1024 * 1024

    /// The most parts a body may hold.
    public var maxParts: Int
    /// The most bytes of one part's header block.
    public var maxPartHeaderBytes: Int
    /// The most content bytes of one non-file field.
    public var maxFieldBytes: Int
    /// The most content bytes of one file.
    public var maxFileBytes: Int
    /// The most bytes of the whole body, preamble and epilogue included.
    public var maxTotalBytes: Int

    /// `maxTotalBytes` defaults to room for one largest file plus every other part at its
    /// largest, with its headers.
    public init(
        maxParts: Int = defaultMaxParts,
        maxPartHeaderBytes: Int = defaultMaxPartHeaderBytes,
        maxFieldBytes: Int = defaultMaxFieldBytes,
        maxFileBytes: Int = defaultMaxFileBytes,
        maxTotalBytes: Int? = nil
    ) {
        self.maxParts = max(0, maxParts)
        self.maxPartHeaderBytes = max(0, maxPartHeaderBytes)
        self.maxFieldBytes = max(0, maxFieldBytes)
        self.maxFileBytes = max(0, maxFileBytes)
        let perPart = Self.sum(self.maxPartHeaderBytes, self.maxFieldBytes, 256)
        let others = self.maxParts.multipliedReportingOverflow(by: perPart)
        let fallback = Self.sum(self.maxFileBytes, others.overflow ? Int.max : others.partialValue)
        self.maxTotalBytes = max(0, maxTotalBytes ?? fallback)
    }

    /// The sum, or `Int.max` when it does not fit.
    private static func sum(_ values: Int...) -> Int {
        var total = 0
        for value in values {
            let (next, overflow) = total.addingReportingOverflow(value)
            if overflow { return Int.max }
            total = next
        }
        return total
    }
}
