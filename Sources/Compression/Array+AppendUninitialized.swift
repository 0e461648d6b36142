extension Array where Element == UInt8 {
    /// Appends up to `maxCount` bytes written by `body` into fresh capacity at the end, without
    /// clearing it first (capacity grows geometrically, as with `append`).
    ///
    /// `body` receives writable, uninitialized space of exactly `maxCount` bytes and returns how
    /// many it filled from the start; only those become part of the array.
    mutating func appendBytes(upTo maxCount: Int, _ body: (UnsafeMutableBufferPointer<UInt8>) -> Int) {
        append(addingCapacity: maxCount) { output in
            output.withUnsafeMutableBufferPointer { space, initialized in
                precondition(space.count >= maxCount && initialized == 0, "Array gave less space than asked")
                let filled = body(UnsafeMutableBufferPointer(rebasing: space[..<maxCount]))
                precondition(filled >= 0 && filled <= maxCount, "zlib wrote outside the space it was given")
                initialized = filled
            }
        }
    }
}
