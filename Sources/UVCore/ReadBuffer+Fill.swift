extension ReadBuffer {
    /// Lets `fill` write into the free tail (compacting or growing as allowed); it returns how many bytes it wrote.
    /// Returns nil, without calling `fill`, when the buffer is full at its maximum capacity.
    public func fillTail<E: Error>(_ fill: (UnsafeMutableRawBufferPointer) throws(E) -> Int) throws(E) -> Int? {
        guard let tail = reserveTail() else { return nil }
        let count = try fill(UnsafeMutableRawBufferPointer(tail))
        didReceive(count)
        return count
    }
}
