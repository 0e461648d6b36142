import Compression

/// Deterministic test inputs.
enum TestBytes {
    /// `count` pseudo-random bytes (xorshift64*, fixed seed): incompressible.
    static func random(_ count: Int, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> [UInt8] {
        var state = seed
        var bytes = [UInt8]()
        bytes.reserveCapacity(count)
        while bytes.count < count {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            let word = state &* 0x2545_F491_4F6C_DD1D
            for shift in stride(from: 0, to: 64, by: 8) where bytes.count < count {
                bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        return bytes
    }

    /// `count` bytes of repetitive JSON-like text: highly compressible.
    static func compressible(_ count: Int) -> [UInt8] {
        let unit = Array(#"{"id":42,"text":"the quick brown fox","ok":true},"#.utf8)
        return (0..<count).map { unit[$0 % unit.count] }
    }

    /// `bytes` cut into pieces of the given sizes, cycling through them.
    static func pieces(_ bytes: [UInt8], sizes: [Int]) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var offset = 0
        var turn = 0
        while offset < bytes.count {
            let size = sizes[turn % sizes.count]
            let end = min(offset + size, bytes.count)
            result.append(Array(bytes[offset..<end]))
            offset = end
            turn += 1
        }
        return result
    }
}

/// The `CompressionError.code` that `body` throws, nil when it returns normally, and
/// `Int32.min` for any other error.
func errorCode(_ body: () throws -> Void) -> Int32? {
    do {
        try body()
        return nil
    } catch let error as CompressionError {
        return error.code
    } catch {
        return Int32.min
    }
}
