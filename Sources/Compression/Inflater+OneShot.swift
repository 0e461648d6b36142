extension Inflater {
    /// Decodes a complete `coding` body, producing at most `maxOutput` bytes; throws when the
    /// input is corrupt, truncated, followed by garbage, or decodes to more than `maxOutput`.
    public static func decompress(_ bytes: [UInt8], coding: ContentCoding, maxOutput: Int) throws(CompressionError) -> [UInt8] {
        var inflater = try Inflater(coding: coding, maxOutput: maxOutput)
        var output: [UInt8] = []
        output.reserveCapacity(min(maxOutput, max(bytes.count * 3, 4096)))
        try inflater.decompress(bytes, into: &output)
        try inflater.finish()
        return output
    }
}
