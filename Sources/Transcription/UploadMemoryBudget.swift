import Synchronization

/// `UPLOAD_MEMORY_LIMIT`: the upload bytes the server holds at once. An upload reserves its declared length (the
/// largest allowed body when chunked) before its body is read and releases it once answered; when the reservation
/// does not fit, the upload is refused with 503 + `Retry-After` before its body is read. This, not
/// `MAX_CONCURRENT_REQUESTS`, is what bounds memory while bodies stream in: a transcription slot is taken only once
/// a body is complete.
package final class UploadMemoryBudget: Sendable {
    package let limit: Int
    private let reserved = Atomic<Int>(0)
    private let refused = Atomic<Int>(0)
    /// The most reserved at once since the budget last drained to zero.
    private let highWater = Atomic<Int>(0)
    /// Called (on the releasing thread) each time the reservations drop back to zero, with the high-water mark of
    /// the burst that just ended: the owner may hand the freed upload buffers back to the kernel.
    private let onDrained: @Sendable (_ peak: Int) -> Void

    package init(limit: Int, onDrained: @escaping @Sendable (_ peak: Int) -> Void = { _ in }) {
        self.limit = limit
        self.onDrained = onDrained
    }

    /// Reserves `bytes`, or returns false (counting a refusal) when they do not fit.
    func tryReserve(_ bytes: Int) -> Bool {
        var current = reserved.load(ordering: .relaxed)
        while true {
            guard bytes <= limit - current else {
                refused.add(1, ordering: .relaxed)
                return false
            }
            let (exchanged, original) = reserved.compareExchange(expected: current, desired: current + bytes,
                                                                 ordering: .acquiringAndReleasing)
            if exchanged {
                raiseHighWater(to: current + bytes)
                return true
            }
            current = original
        }
    }

    func release(_ bytes: Int) {
        guard reserved.subtract(bytes, ordering: .acquiringAndReleasing).newValue == 0 else { return }
        onDrained(highWater.exchange(0, ordering: .relaxed))
    }

    private func raiseHighWater(to value: Int) {
        var seen = highWater.load(ordering: .relaxed)
        while value > seen {
            let (exchanged, original) = highWater.compareExchange(expected: seen, desired: value, ordering: .relaxed)
            if exchanged { return }
            seen = original
        }
    }

    package var current: Int { reserved.load(ordering: .relaxed) }
    package var refusedTotal: Int { refused.load(ordering: .relaxed) }
}
