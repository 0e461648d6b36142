internal import Glibc

/// A connection's receive buffer: one growable allocation; libuv reads into its free tail (no allocation per read),
/// the parser looks at its readable bytes in place as a `Span`.
public final class ReadBuffer: @unchecked Sendable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var readerIndex = 0
    private var writerIndex = 0
    /// Largest size the buffer may grow to.
    public let maxCapacity: Int

    public init(initialCapacity: Int = 16 * 1024, maxCapacity: Int) {
        precondition(initialCapacity > 0 && maxCapacity >= initialCapacity)
        base = .allocate(capacity: initialCapacity)
        capacity = initialCapacity
        self.maxCapacity = maxCapacity
    }

    deinit { base.deallocate() }

    /// Number of bytes received and not yet consumed.
    public var readableCount: Int { writerIndex - readerIndex }

    /// Calls `body` with the unconsumed bytes, in place.
    public func withReadableBytes<R: ~Copyable, E: Error>(_ body: (Span<UInt8>) throws(E) -> R) throws(E) -> R {
        let bytes = UnsafeBufferPointer(start: base + readerIndex, count: writerIndex - readerIndex)
        return try body(bytes.span)
    }

    /// Drops `count` bytes from the front.
    public func consume(_ count: Int) {
        precondition(count >= 0 && count <= readableCount, "consume past the readable bytes")
        readerIndex += count
        if readerIndex == writerIndex { readerIndex = 0; writerIndex = 0 }
    }

    /// Copies `count` bytes from the front into a new array and consumes them.
    public func take(_ count: Int) -> [UInt8] {
        precondition(count >= 0 && count <= readableCount)
        let out = [UInt8](UnsafeBufferPointer(start: base + readerIndex, count: count))
        consume(count)
        return out
    }

    /// Hands libuv the free tail, compacting or growing so that at least `minimum` bytes are free when allowed.
    /// Returns nil when the buffer is full at its maximum capacity.
    func reserveTail(minimum: Int = 4096) -> UnsafeMutableBufferPointer<UInt8>? {
        if capacity - writerIndex < minimum, readerIndex > 0 {
            let live = writerIndex - readerIndex
            if live > 0 { memmove(base, base + readerIndex, live) }
            readerIndex = 0
            writerIndex = live
        }
        if capacity - writerIndex < minimum, capacity < maxCapacity {
            let newCapacity = min(maxCapacity, max(capacity * 2, writerIndex + minimum))
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            grown.update(from: base, count: writerIndex)
            base.deallocate()
            base = grown
            capacity = newCapacity
        }
        let free = capacity - writerIndex
        guard free > 0 else { return nil }
        return UnsafeMutableBufferPointer(start: base + writerIndex, count: free)
    }

    /// Records that libuv wrote `count` bytes into the reserved tail.
    func didReceive(_ count: Int) {
        precondition(count >= 0 && writerIndex + count <= capacity)
        writerIndex += count
    }

    /// Gives back memory after a large request when the buffer is empty again.
    public func shrinkIfIdle(to size: Int = 16 * 1024) {
        guard readableCount == 0, capacity > size * 4 else { return }
        base.deallocate()
        base = .allocate(capacity: size)
        capacity = size
        readerIndex = 0
        writerIndex = 0
    }
}

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
